import { and, eq, sql } from 'drizzle-orm';
import type { Bot } from 'grammy';
import type { AppContext } from '../../../app-context.ts';
import { createTelegramBot, type TelegramBotHandlers } from '../../../channels/telegram/bot.ts';
import { inSystemTx, inTenantTx, type Tx } from '../../../platform/db/tx.ts';
import { decryptSecret } from '../../../platform/secrets.ts';
import { messagingSettings } from '../../messaging/index.ts';
import { loadTenant } from '../../tenants/index.ts';
import { intakeSettings } from '../db/schema.ts';
import { intakeSettingsOf } from './intake-settings.ts';
import { greetTelegramChat } from './telegram-greet-chat.ts';
import { linkTelegramContact } from './telegram-link-contact.ts';
import { listTelegramInvoices } from './telegram-list-invoices.ts';
import { receiveTelegramText } from './telegram-receive-text.ts';

/** A business's bot: the token and API root saved in its Telegram channel settings (the same ones invoices go out with). */
export type TelegramBotConfig = { tenantId: string; token: string; apiRoot: string | undefined };

function configOf(tenantId: string, config: Record<string, unknown> | undefined): TelegramBotConfig | null {
  const token = typeof config?.token === 'string' && config.token !== '' ? decryptSecret(config.token) : null;
  if (!token) return null;
  return { tenantId, token, apiRoot: typeof config?.api_root === 'string' && config.api_root !== '' ? config.api_root : undefined };
}

export async function telegramBotConfig(tx: Tx, tenantId: string): Promise<TelegramBotConfig | null> {
  const [row] = await tx
    .select({ config: messagingSettings.config })
    .from(messagingSettings)
    .where(and(eq(messagingSettings.tenantId, tenantId), eq(messagingSettings.channel, 'telegram'), eq(messagingSettings.enabled, true)));
  return configOf(tenantId, row?.config);
}

/** Every business whose bot is reached by long polling: a token saved, and the mode not switched to webhook. */
export async function listPollingBots(ctx: AppContext): Promise<TelegramBotConfig[]> {
  const rows = await inSystemTx(ctx.db, (tx) =>
    tx
      .select({ tenantId: messagingSettings.tenantId, config: messagingSettings.config })
      .from(messagingSettings)
      .leftJoin(intakeSettings, eq(intakeSettings.tenantId, messagingSettings.tenantId))
      .where(
        and(
          eq(messagingSettings.channel, 'telegram'),
          eq(messagingSettings.enabled, true),
          sql`coalesce(${intakeSettings.telegramMode}, 'polling') = 'polling'`,
        ),
      ),
  );
  return rows.map((row) => configOf(row.tenantId, row.config)).filter((config) => config !== null);
}

/** The use cases behind each kind of message, for one business; its context (and clock) is loaded per update. */
function handlersFor(ctx: AppContext, tenantId: string): TelegramBotHandlers {
  const tenant = () => loadTenant(ctx, tenantId);
  return {
    start: async (user) => greetTelegramChat(ctx, await tenant(), user),
    contact: async (user, contact, messageId) => linkTelegramContact(ctx, await tenant(), user, contact, messageId),
    invoices: async (user) => listTelegramInvoices(ctx, await tenant(), user),
    text: async (user, text, messageId) => receiveTelegramText(ctx, await tenant(), user, text, messageId),
  };
}

// One initialised bot per business and token, per app: init() costs a getMe round trip.
const bots = new WeakMap<AppContext, Map<string, Promise<Bot>>>();

/** The business's bot, initialised (getMe done), ready for `handleUpdate` and API calls. */
export function telegramBotFor(ctx: AppContext, config: TelegramBotConfig): Promise<Bot> {
  const cache = bots.get(ctx) ?? new Map<string, Promise<Bot>>();
  bots.set(ctx, cache);
  const key = `${config.tenantId}\n${config.token}\n${config.apiRoot ?? ''}`;
  let bot = cache.get(key);
  if (!bot) {
    const created = createTelegramBot({ token: config.token, apiRoot: config.apiRoot }, handlersFor(ctx, config.tenantId));
    bot = created.init().then(() => created);
    // A failed getMe (network, revoked token) is tried again next time rather than remembered.
    bot.catch(() => cache.delete(key));
    cache.set(key, bot);
  }
  return bot;
}

/** Where long polling resumes for this bot: 0 (from the oldest unconfirmed update) for a bot not polled before. */
export async function loadUpdateOffset(ctx: AppContext, tenantId: string, botId: number): Promise<number> {
  return inTenantTx(ctx.db, tenantId, async (tx) => {
    const settings = await intakeSettingsOf(tx, tenantId);
    return settings.telegramBotId === String(botId) ? settings.telegramUpdateOffset : 0;
  });
}

/** Records that every update before `offset` was handled, so a restart asks Telegram only for later ones. */
export async function saveUpdateOffset(ctx: AppContext, tenantId: string, botId: number, offset: number): Promise<void> {
  await inTenantTx(ctx.db, tenantId, async (tx) => {
    await intakeSettingsOf(tx, tenantId);
    await tx
      .update(intakeSettings)
      .set({ telegramBotId: String(botId), telegramUpdateOffset: offset })
      .where(eq(intakeSettings.tenantId, tenantId));
  });
}
