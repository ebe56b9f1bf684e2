import type { AppContext } from '../../../app-context.ts';
import type { BotReply, TelegramUser } from '../../../channels/telegram/bot.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { translator } from '../../../platform/i18n/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { chatLocale, linkedCustomer, requestContact, telegramLinkOf, withMenu } from './telegram-chat.ts';

/** /start: a new chat is greeted in its language and asked for the phone number; a linked client gets the menu. */
export async function greetTelegramChat(ctx: AppContext, tenant: TenantContext, user: TelegramUser): Promise<BotReply> {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const link = await telegramLinkOf(tx, tenant.id, user.chatId);
    const customer = await linkedCustomer(tx, tenant.id, link);
    if (!customer) return requestContact(tx, tenant, user, link, true);
    const locale = chatLocale(user, link, tenant);
    return withMenu(locale, translator(locale)('telegram-bot:welcome_back', { customer_name: customer.name }));
  });
}
