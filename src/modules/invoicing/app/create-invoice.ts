import type { AppContext } from '../../../app-context.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { fail } from '../../../platform/errors.ts';
import { findPrices, findTaxRate } from '../../catalog/index.ts';
import { checkCreditPolicy, findCustomer } from '../../customers/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import type { DraftLine } from './insert-draft-invoice.ts';
import { insertDraftInvoice } from './insert-draft-invoice.ts';

export type OneOffLineInput =
  | { price: string; quantity: number; discountAmount?: number }
  | { description: string; unitAmount: number; quantity: number; taxRate?: string | null; discountAmount?: number };

export type CreateInvoiceInput = {
  customer: string;
  currency?: string;
  collectionMethod?: 'charge_automatically' | 'send_invoice';
  daysUntilDue?: number | null;
  description?: string | null;
  /** This invoice's early-payment discount instead of the business's; null = none on this invoice. */
  earlyDiscount?: { bp: number; days: number } | null;
  lines: OneOffLineInput[];
};

/** A one-off invoice (a purchase, a fee, a class pack) as a draft, ready to finalise. */
export async function createInvoice(ctx: AppContext, tenant: TenantContext, input: CreateInvoiceInput) {
  if (input.lines.length === 0) fail('invoice_empty', undefined, 'lines');
  const currency = (input.currency ?? tenant.currency).toLowerCase();
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const customer = await findCustomer(tx, tenant.id, input.customer);
    const priceIds = input.lines.flatMap((l) => ('price' in l ? [l.price] : []));
    const priceList = await findPrices(tx, tenant.id, priceIds, 'lines[price]');
    const lines: DraftLine[] = [];
    for (const [index, line] of input.lines.entries()) {
      if ('price' in line) {
        const price = priceList.find((p) => p.id === line.price)!;
        if (price.type !== 'one_time') fail('price_not_one_time', undefined, `lines[${index}][price]`);
        if (price.currency !== currency) fail('currency_mismatch', `The price is in ${price.currency}, the invoice in ${currency}.`, `lines[${index}][price]`);
        lines.push({
          description: price.nickname ?? price.productId,
          priceId: price.id,
          quantity: line.quantity,
          unitAmount: price.unitAmount,
          discountAmount: line.discountAmount,
          taxRateId: price.taxRate?.id ?? null,
          taxPercentMilli: price.taxRate?.percentMilli ?? null,
          taxInclusive: price.taxRate?.inclusive ?? false,
        });
      } else {
        const taxRate = line.taxRate ? await findTaxRate(tx, tenant.id, line.taxRate) : null;
        lines.push({
          description: line.description,
          quantity: line.quantity,
          unitAmount: line.unitAmount,
          discountAmount: line.discountAmount,
          taxRateId: taxRate?.id ?? null,
          taxPercentMilli: taxRate?.percentMilli ?? null,
          taxInclusive: taxRate?.inclusive ?? false,
        });
      }
    }
    const invoice = await insertDraftInvoice(tx, tenant, {
      customerId: customer.id,
      currency,
      collectionMethod: input.collectionMethod ?? 'send_invoice',
      billingReason: 'manual',
      daysUntilDue: input.daysUntilDue ?? customer.paymentTermsDays ?? tenant.paymentTermsDays,
      description: input.description ?? null,
      earlyDiscount: input.earlyDiscount === null ? { bp: 0, days: 0 } : input.earlyDiscount,
      lines,
    });
    // Credit policy (B9): 'block' refuses the draft (nothing written), 'warn' answers with warnings.
    const warnings = await checkCreditPolicy(tx, tenant, customer, { amount: invoice!.total, kind: 'one_off' });
    return { ...invoice!, warnings };
  });
}
