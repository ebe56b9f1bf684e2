import { and, asc, eq, isNull } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import type { BotReply, SharedContact, TelegramUser } from '../../../channels/telegram/bot.ts';
import { inTenantTx, type Tx } from '../../../platform/db/tx.ts';
import { resolveLocale, translator } from '../../../platform/i18n/index.ts';
import { customers } from '../../customers/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { telegramLinks } from '../db/schema.ts';
import { normalisePhone } from '../domain/client-matching.ts';
import { receiveIntakeMessage } from './receive-intake-message.ts';
import { chatLocale, telegramLinkOf, withContactButton, withMenu } from './telegram-chat.ts';

/**
 * A shared contact proves a phone number only when it is the sender's own card (Telegram fills
 * `user_id` with the sharer's id when they tap "share my number"); anyone can forward someone
 * else's card. The proven number links the chat to the client who has it verified, or, when
 * nobody does, the intake core creates (or matches) the client and opens a chat request for staff.
 * From then on invoices, receipts and reminders reach the client in this chat.
 */
export async function linkTelegramContact(
  ctx: AppContext,
  tenant: TenantContext,
  user: TelegramUser,
  contact: SharedContact,
  messageId: number,
): Promise<BotReply | null> {
  const link = await inTenantTx(ctx.db, tenant.id, (tx) => telegramLinkOf(tx, tenant.id, user.chatId));
  const locale = chatLocale(user, link, tenant);
  if (contact.userId !== user.userId) return withContactButton(locale, 'not_own_contact');
  const phone = e164(contact.phoneNumber);
  if (!phone) return withContactButton(locale, 'phone_invalid');
  const name = [contact.firstName, contact.lastName].filter(Boolean).join(' ').trim() || [user.firstName, user.lastName].filter(Boolean).join(' ');

  let customerId = await inTenantTx(ctx.db, tenant.id, (tx) => clientWithVerifiedPhone(tx, tenant.id, phone));
  if (!customerId) {
    const outcome = await receiveIntakeMessage(ctx, tenant, {
      channel: 'telegram',
      kind: 'chat',
      externalId: `tg:${user.chatId}:${messageId}`,
      sender: { name, phone, phoneVerified: true, telegramChatId: user.chatId, locale },
      text: translator(resolveLocale([], tenant.locale))('telegram-bot:staff_contact_shared', { customer_name: name, phone }),
      receivedAt: tenant.now,
      unknownSender: 'create_client',
    });
    // A number staff marked as spam links nothing, and the bot does not say why.
    if (outcome.outcome === 'blocked') return null;
    customerId = outcome.customerId ?? (await inTenantTx(ctx.db, tenant.id, (tx) => clientWithVerifiedPhone(tx, tenant.id, phone)));
    if (!customerId) return null;
  }
  const linkedId = customerId;
  const customerName = await inTenantTx(ctx.db, tenant.id, (tx) => linkChat(tx, tenant, user, { customerId: linkedId, phone, locale }));
  return withMenu(locale, translator(locale)('telegram-bot:linked', { customer_name: customerName, business_name: tenant.name }));
}

/** Telegram sends the number in international form, usually without the '+'. */
function e164(raw: string): string | null {
  const trimmed = raw.trim();
  return normalisePhone(/^\d/.test(trimmed) ? `+${trimmed}` : trimmed);
}

async function clientWithVerifiedPhone(tx: Tx, tenantId: string, phone: string): Promise<string | null> {
  const [row] = await tx
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.tenantId, tenantId), eq(customers.phone, phone), eq(customers.phoneVerified, true), isNull(customers.mergedIntoId)))
    .orderBy(asc(customers.createdAt), asc(customers.id))
    .limit(1);
  return row?.id ?? null;
}

/** Points the client's Telegram address at this chat (their number is now proven) and records the link. */
async function linkChat(tx: Tx, tenant: TenantContext, user: TelegramUser, target: { customerId: string; phone: string; locale: string }): Promise<string> {
  const [customer] = await tx
    .select()
    .from(customers)
    .where(and(eq(customers.tenantId, tenant.id), eq(customers.id, target.customerId)));
  if (!customer) throw new Error(`customer ${target.customerId} vanished while linking a Telegram chat`);
  await tx
    .update(customers)
    .set({ telegram: user.chatId, ...(customer.phone === target.phone ? { phoneVerified: true } : {}) })
    .where(and(eq(customers.tenantId, tenant.id), eq(customers.id, customer.id)));
  const linked = { telegramUserId: user.userId, customerId: customer.id, phone: target.phone, locale: target.locale, linkedAt: tenant.now };
  await tx
    .insert(telegramLinks)
    .values({ tenantId: tenant.id, chatId: user.chatId, ...linked, createdAt: tenant.now })
    .onConflictDoUpdate({ target: [telegramLinks.tenantId, telegramLinks.chatId], set: linked });
  return customer.name;
}
