import type { ChannelName } from '../../../channels/channel.ts';

/** The messages Duly sends to clients and owners; each has a subject and a text in every language. */
export const TEMPLATES = [
  'invoice_issued',
  'payment_receipt',
  'card_expiring',
  'payment_failed_owner',
  'payment_failed_client',
  'reminder_upcoming',
  'reminder_due_today',
  'reminder_overdue',
] as const;
/** Other modules keep their texts in their own catalogue namespace: `disputes:dispute_opened_owner`. */
export type TemplateName = (typeof TEMPLATES)[number] | `${string}:${string}`;

/** Transactional mail (invoices, receipts, card notices) is sent even to those who opted out of marketing. */
const NON_TRANSACTIONAL: readonly TemplateName[] = ['reminder_upcoming'];

export function isTransactional(template: TemplateName): boolean {
  return !NON_TRANSACTIONAL.includes(template);
}

export type { ChannelName };

/**
 * Which channels reach a client: email and Telegram when known; SMS only when neither is,
 * because it costs money per message and is the most intrusive.
 */
export function channelsFor(
  contact: { email: string | null; phone: string | null; telegram: string | null },
  only?: readonly ChannelName[] | null,
): { channel: ChannelName; to: string }[] {
  // A sender that names its channels (a reminder step "by SMS") gets each of them the client has.
  if (only) {
    const address = { email: contact.email, sms: contact.phone, telegram: contact.telegram };
    return only.filter((channel) => address[channel]).map((channel) => ({ channel, to: address[channel]! }));
  }
  const routes: { channel: ChannelName; to: string }[] = [];
  if (contact.email) routes.push({ channel: 'email', to: contact.email });
  if (contact.telegram) routes.push({ channel: 'telegram', to: contact.telegram });
  if (routes.length === 0 && contact.phone) routes.push({ channel: 'sms', to: contact.phone });
  return routes;
}

/** Back-off between delivery attempts: 1, 2, 4 ... minutes, at most 6 hours; 10 attempts in all. */
export const MAX_DELIVERY_ATTEMPTS = 10;
export function retryDelayMs(attempts: number): number {
  return Math.min(2 ** Math.max(attempts - 1, 0) * 60_000, 6 * 3_600_000);
}
