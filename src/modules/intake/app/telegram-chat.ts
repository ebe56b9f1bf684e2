import { and, eq } from 'drizzle-orm';
import type { BotReply, TelegramUser } from '../../../channels/telegram/bot.ts';
import type { Tx } from '../../../platform/db/tx.ts';
import { resolveLocale, SUPPORTED_LOCALES, type SupportedLocale, translator } from '../../../platform/i18n/index.ts';
import { customers } from '../../customers/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { telegramLinks } from '../db/schema.ts';

/** What the Telegram bot's use cases share: the chat's link to a client, its language, its keyboards. */
export type TelegramLink = typeof telegramLinks.$inferSelect;
type CustomerRow = typeof customers.$inferSelect;

export async function telegramLinkOf(tx: Tx, tenantId: string, chatId: string): Promise<TelegramLink | undefined> {
  const [link] = await tx
    .select()
    .from(telegramLinks)
    .where(and(eq(telegramLinks.tenantId, tenantId), eq(telegramLinks.chatId, chatId)));
  return link;
}

/** The client a linked chat belongs to; after staff merged that client, the one it was merged into. */
export async function linkedCustomer(tx: Tx, tenantId: string, link: TelegramLink | undefined): Promise<CustomerRow | null> {
  let id = link?.customerId ?? null;
  // Merges can chain (A into B, later B into C); a few hops cover any real history.
  for (let hop = 0; id && hop < 5; hop++) {
    const [row] = await tx
      .select()
      .from(customers)
      .where(and(eq(customers.tenantId, tenantId), eq(customers.id, id)));
    if (!row?.mergedIntoId) return row ?? null;
    id = row.mergedIntoId;
  }
  return null;
}

/** The user's Telegram app language when Duly speaks it, else the one the chat used before, else the business's. */
export function chatLocale(user: TelegramUser, link: TelegramLink | undefined, tenant: TenantContext): SupportedLocale {
  return resolveLocale(user.languageCode ? [user.languageCode] : [], link?.locale ?? tenant.locale);
}

/** A message with the button that shares the user's own phone number. */
export function withContactButton(locale: SupportedLocale, key: string, vars: Record<string, unknown> = {}): BotReply {
  const t = translator(locale);
  return { text: t(`telegram-bot:${key}`, vars), keyboard: { contactButton: t('telegram-bot:contact_button') } };
}

/** A message with the linked client's menu ("My invoices"). */
export function withMenu(locale: SupportedLocale, text: string): BotReply {
  return { text, keyboard: { buttons: [translator(locale)('telegram-bot:invoices_button')] } };
}

const invoiceButtons = new Set(SUPPORTED_LOCALES.map((locale) => comparable(translator(locale)('telegram-bot:invoices_button'))));

/** The "My invoices" button in any of the languages (the client may have switched since the keyboard was sent), or the words typed. */
export function isInvoicesButton(text: string): boolean {
  return invoiceButtons.has(comparable(text));
}

function comparable(text: string): string {
  return text.normalize('NFC').trim().toLocaleLowerCase();
}

/**
 * A chat that is not linked yet is asked for the contact: greeted on its first message (the row
 * remembers the chat and its language), reminded afterwards.
 */
export async function requestContact(tx: Tx, tenant: TenantContext, user: TelegramUser, link: TelegramLink | undefined, greet: boolean): Promise<BotReply> {
  const locale = chatLocale(user, link, tenant);
  await tx
    .insert(telegramLinks)
    .values({ tenantId: tenant.id, chatId: user.chatId, telegramUserId: user.userId, locale, createdAt: tenant.now })
    .onConflictDoUpdate({ target: [telegramLinks.tenantId, telegramLinks.chatId], set: { locale } });
  if (greet || !link) return withContactButton(locale, 'greeting', { first_name: user.firstName, business_name: tenant.name });
  return withContactButton(locale, 'ask_contact');
}
