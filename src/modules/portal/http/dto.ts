import { unix } from '../../../platform/http/dto.ts';
import type { InvoiceLineRow, InvoiceRow } from '../../invoicing/index.ts';
import type { getPortalProfile } from '../app/get-portal-profile.ts';
import type { HistoryEntry } from '../app/list-portal-payments.ts';

type Profile = Awaited<ReturnType<typeof getPortalProfile>>;

export const profileDto = (p: Profile) => ({
  object: 'portal_customer' as const,
  id: p.customer.id,
  name: p.customer.name,
  email: p.customer.email,
  language: p.language,
  business: {
    id: p.business.id,
    name: p.business.name,
    brand_color: p.business.brandColor,
    logo: p.business.logo,
    currency: p.business.currency,
    timezone: p.business.timezone,
    test_mode: p.business.mode === 'test',
  },
  autopay: { enabled: p.autopay.enabled, subscriptions: p.autopay.subscriptions },
  card: p.card ? { brand: p.card.brand, last4: p.card.last4, exp_month: p.card.expMonth, exp_year: p.card.expYear } : null,
});

/** What a client sees of an invoice: no internal fields (collection settings, plan ids, period keys). */
export const portalInvoiceDto = (row: InvoiceRow, lines?: InvoiceLineRow[]) => ({
  id: row.id,
  object: 'invoice' as const,
  number: row.number,
  status: row.status,
  currency: row.currency,
  description: row.description,
  total: row.total,
  amount_paid: row.amountPaid,
  amount_due: row.status === 'open' || row.status === 'uncollectible' ? row.amountRemaining : 0,
  created: unix(row.finalizedAt ?? row.createdAt),
  due_date: unix(row.dueDate),
  paid_at: unix(row.paidAt),
  period_start: unix(row.periodStart),
  period_end: unix(row.periodEnd),
  ...(lines ? { lines: lines.map((l) => ({ description: l.description, quantity: l.quantity, amount: l.amount })) } : {}),
});

export const historyDto = (e: HistoryEntry) => ({
  id: e.id,
  object: e.type,
  amount: e.amount,
  currency: e.currency,
  method: e.method,
  invoice_number: e.invoiceNumber,
  status: e.status,
  created: unix(e.at),
});
