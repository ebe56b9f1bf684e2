import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import type { BotReply, TelegramUser } from '../../../channels/telegram/bot.ts';
import { publicUrl } from '../../../platform/config.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { formatDate, formatMoney, translator } from '../../../platform/i18n/index.ts';
import { invoices } from '../../invoicing/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { chatLocale, linkedCustomer, requestContact, telegramLinkOf, withMenu } from './telegram-chat.ts';

/** Invoices the client still owes: open ones, and uncollectible ones (which can still be paid). */
const PAYABLE = ['open', 'uncollectible'];

/** "My invoices": what the linked client still owes, each with the amount left and the same pay link as the invoice email. */
export async function listTelegramInvoices(ctx: AppContext, tenant: TenantContext, user: TelegramUser): Promise<BotReply> {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const link = await telegramLinkOf(tx, tenant.id, user.chatId);
    const customer = await linkedCustomer(tx, tenant.id, link);
    if (!customer) return requestContact(tx, tenant, user, link, false);
    const rows = await tx
      .select()
      .from(invoices)
      .where(and(eq(invoices.tenantId, tenant.id), eq(invoices.customerId, customer.id), inArray(invoices.status, PAYABLE), gt(invoices.amountRemaining, 0)))
      .orderBy(sql`${invoices.dueDate} asc nulls last`, asc(invoices.finalizedAt), asc(invoices.id));
    const locale = chatLocale(user, link, tenant);
    const t = translator(locale);
    if (rows.length === 0) return withMenu(locale, t('telegram-bot:invoices_none'));
    const timeZone = customer.timezone ?? tenant.timezone;
    const lines = rows.map((invoice) =>
      t(invoice.dueDate ? 'telegram-bot:invoice_line' : 'telegram-bot:invoice_line_no_due', {
        invoice_number: invoice.number ?? invoice.id,
        amount_due: formatMoney(invoice.amountRemaining, invoice.currency, locale),
        due_date: invoice.dueDate ? formatDate(invoice.dueDate, locale, timeZone) : '',
        pay_url: `${publicUrl()}/portal/invoices/${invoice.id}`,
      }),
    );
    return withMenu(locale, [t('telegram-bot:invoices_header'), ...lines].join('\n\n'));
  });
}
