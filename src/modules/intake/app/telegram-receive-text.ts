import type { AppContext } from '../../../app-context.ts';
import type { BotReply, TelegramUser } from '../../../channels/telegram/bot.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { translator } from '../../../platform/i18n/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { receiveIntakeMessage } from './receive-intake-message.ts';
import { chatLocale, isInvoicesButton, linkedCustomer, requestContact, telegramLinkOf, withMenu } from './telegram-chat.ts';
import { listTelegramInvoices } from './telegram-list-invoices.ts';

/**
 * Anything a client writes to the bot. An unlinked chat is asked for the contact first (nobody
 * unproven reaches staff); the "My invoices" button answers at once; other text from a linked
 * client becomes a chat message in their open chat request.
 */
export async function receiveTelegramText(
  ctx: AppContext,
  tenant: TenantContext,
  user: TelegramUser,
  text: string,
  messageId: number,
): Promise<BotReply | null> {
  const known = await inTenantTx(ctx.db, tenant.id, async (tx) => {
    const link = await telegramLinkOf(tx, tenant.id, user.chatId);
    const customer = await linkedCustomer(tx, tenant.id, link);
    if (!customer || !link?.phone) return { linked: false as const, reply: await requestContact(tx, tenant, user, link, false) };
    return { linked: true as const, link: { ...link, phone: link.phone }, customer };
  });
  if (!known.linked) return known.reply;
  if (isInvoicesButton(text)) return listTelegramInvoices(ctx, tenant, user);
  if (text.trim() === '') return null;
  const locale = chatLocale(user, known.link, tenant);
  const outcome = await receiveIntakeMessage(ctx, tenant, {
    channel: 'telegram',
    kind: 'chat',
    externalId: `tg:${user.chatId}:${messageId}`,
    sender: {
      name: known.customer.name,
      phone: known.link.phone,
      phoneVerified: true,
      telegramChatId: user.chatId,
      locale,
    },
    text,
    receivedAt: tenant.now,
    unknownSender: 'create_client',
  });
  // Said once per conversation: a reply to every line of a chat would be noise.
  return outcome.outcome === 'opened' ? withMenu(locale, translator(locale)('telegram-bot:message_received')) : null;
}
