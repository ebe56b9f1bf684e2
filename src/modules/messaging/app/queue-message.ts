import { and, eq } from 'drizzle-orm';
import { publicUrl } from '../../../platform/config.ts';
import type { Tx } from '../../../platform/db/tx.ts';
import { type SupportedLocale, translator } from '../../../platform/i18n/index.ts';
import { newId } from '../../../platform/ids.ts';
import { customers } from '../../customers/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { messages, messagingSettings } from '../db/schema.ts';
import { DEFAULT_QUIET_HOURS, nextSendableInstant, type QuietHours } from '../domain/quiet-hours.ts';
import { type ChannelName, channelsFor, isTransactional, type TemplateName } from '../domain/templates.ts';
import { renderMessage } from './render-message.ts';

const footer = (locale: SupportedLocale, businessName: string, url: string) =>
  translator(locale)('email:unsubscribe_footer', { business_name: businessName, unsubscribe_url: url });

export type MessageRequest = {
  customerId: string;
  template: TemplateName;
  vars: Record<string, unknown>;
  /** Urgent messages (receipts, failed-payment notices) ignore quiet hours. */
  urgent?: boolean;
  relatedInvoiceId?: string | null;
  attachInvoiceId?: string | null;
  /** Makes the message unique per recipient and subject, e.g. `reminder:<invoice>:<local date>`. */
  dedupeKey?: string | null;
  /** Only these channels (each one the client can be reached on); default: the client's usual channels. */
  channels?: readonly ChannelName[] | null;
  /** Extra email headers, e.g. In-Reply-To so a staff reply lands in the client's thread. */
  headers?: Record<string, string>;
};

export async function quietHoursOf(tx: Tx, tenantId: string): Promise<QuietHours> {
  const [row] = await tx
    .select({ config: messagingSettings.config })
    .from(messagingSettings)
    .where(and(eq(messagingSettings.tenantId, tenantId), eq(messagingSettings.channel, 'general')));
  const quiet = row?.config.quiet_hours as QuietHours | undefined;
  return quiet ?? DEFAULT_QUIET_HOURS;
}

/**
 * Renders a message in the client's language and records one row per channel that reaches
 * them, in the caller's transaction; the delivery job sends them after commit. A repeat with
 * the same dedupe key writes nothing, which is what keeps a client from two reminders a day.
 */
export async function queueCustomerMessage(tx: Tx, tenant: TenantContext, request: MessageRequest): Promise<string[]> {
  const [customer] = await tx
    .select()
    .from(customers)
    .where(and(eq(customers.tenantId, tenant.id), eq(customers.id, request.customerId)));
  if (!customer) return [];
  const transactional = isTransactional(request.template);
  if (!transactional && customer.marketingOptOut) return [];
  const routes = channelsFor(customer, request.channels);
  if (routes.length === 0) return [];
  const { locale, subject, text } = renderMessage(request.template, customer.preferredLocales, tenant.locale, {
    business_name: tenant.name,
    customer_name: customer.name,
    ...request.vars,
  });
  const due = request.urgent ? tenant.now : nextSendableInstant(tenant.now, customer.timezone ?? tenant.timezone, await quietHoursOf(tx, tenant.id));
  const rows = routes.map((route) => {
    const id = newId('msg');
    // Non-transactional mail carries a one-click unsubscribe (RFC 8058) and a footer saying so.
    const unsubscribeUrl = `${publicUrl()}/unsubscribe/${id}`;
    const optional = !transactional && route.channel === 'email';
    return {
      tenantId: tenant.id,
      id,
      customerId: customer.id,
      channel: route.channel,
      template: request.template,
      locale,
      recipient: route.to,
      subject,
      bodyText: optional ? `${text}\n\n${footer(locale, tenant.name, unsubscribeUrl)}` : text,
      headers: {
        ...(route.channel === 'email' ? request.headers : {}),
        ...(optional ? { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}),
      } as Record<string, string>,
      attachInvoiceId: request.attachInvoiceId ?? null,
      relatedInvoiceId: request.relatedInvoiceId ?? null,
      urgent: request.urgent ?? false,
      dedupeKey: request.dedupeKey ? dedupeKeyFor(route.channel, route.to, request.dedupeKey) : null,
      nextAttemptAt: due,
      createdAt: tenant.now,
    };
  });
  const inserted = await tx.insert(messages).values(rows).onConflictDoNothing().returning({ id: messages.id });
  return inserted.map((r) => r.id);
}

/** Dedupe keys are per channel and recipient: the same notice may reach one person by email and Telegram. */
function dedupeKeyFor(channel: string, to: string, key: string): string {
  return `${channel}:${to}:${key}`;
}

/** A message to the business's owner, in the business's language, by email, sent at once. */
export async function queueOwnerMessage(
  tx: Tx,
  tenant: TenantContext,
  to: string,
  template: TemplateName,
  vars: Record<string, unknown>,
  dedupeKey: string,
): Promise<void> {
  const { locale, subject, text } = renderMessage(template, [], tenant.locale, { business_name: tenant.name, ...vars });
  await tx
    .insert(messages)
    .values({
      tenantId: tenant.id,
      id: newId('msg'),
      customerId: null,
      channel: 'email',
      template,
      locale,
      recipient: to,
      subject,
      bodyText: text,
      urgent: true,
      dedupeKey: dedupeKeyFor('email', to, dedupeKey),
      nextAttemptAt: tenant.now,
      createdAt: tenant.now,
    })
    .onConflictDoNothing();
}
