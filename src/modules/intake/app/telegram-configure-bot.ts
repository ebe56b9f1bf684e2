import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { GrammyError } from 'grammy';
import type { AppContext } from '../../../app-context.ts';
import { publicUrl } from '../../../platform/config.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { fail } from '../../../platform/errors.ts';
import { decryptSecret, encryptSecret } from '../../../platform/secrets.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { intakeSettings } from '../db/schema.ts';
import { intakeSettingsOf } from './intake-settings.ts';
import { telegramBotConfig, telegramBotFor } from './telegram-bots.ts';

export type TelegramMode = 'polling' | 'webhook';

/** The address Telegram posts this business's updates to in webhook mode. */
export function telegramWebhookUrl(tenantId: string): string {
  return `${publicUrl()}/telegram/${encodeURIComponent(tenantId)}/webhook`;
}

/**
 * Switches how the business's bot receives updates. Webhook: Telegram is told the URL and a
 * secret token it must send back with every update (kept sealed); polling: the webhook is
 * removed, since Telegram refuses getUpdates while one is set. Telegram is called between the
 * two short transactions, never inside one; the mode changes only once Telegram agreed.
 */
export async function configureTelegramBot(
  ctx: AppContext,
  tenant: TenantContext,
  mode: TelegramMode,
): Promise<{ mode: TelegramMode; webhookUrl: string | null }> {
  const config = await inTenantTx(ctx.db, tenant.id, (tx) => telegramBotConfig(tx, tenant.id));
  if (!config) fail('telegram_not_configured');
  const bot = await callTelegram(() => telegramBotFor(ctx, config));
  if (mode === 'webhook') {
    const secret = await webhookSecret(ctx, tenant);
    const url = telegramWebhookUrl(tenant.id);
    await callTelegram(() => bot.api.setWebhook(url, { secret_token: secret, allowed_updates: ['message'] }));
    await saveMode(ctx, tenant, { telegramMode: 'webhook' });
    return { mode, webhookUrl: url };
  }
  await callTelegram(() => bot.api.deleteWebhook());
  // Without a secret the old webhook URL accepts nothing, even if Telegram still had it queued.
  await saveMode(ctx, tenant, { telegramMode: 'polling', telegramWebhookSecret: null });
  return { mode, webhookUrl: null };
}

/** The business's webhook secret, made once (256 bits in Telegram's allowed alphabet) and kept across switches. */
async function webhookSecret(ctx: AppContext, tenant: TenantContext): Promise<string> {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const settings = await intakeSettingsOf(tx, tenant.id, { lock: true });
    if (settings.telegramWebhookSecret) return decryptSecret(settings.telegramWebhookSecret);
    const secret = randomBytes(32).toString('base64url');
    await tx
      .update(intakeSettings)
      .set({ telegramWebhookSecret: encryptSecret(secret) })
      .where(eq(intakeSettings.tenantId, tenant.id));
    return secret;
  });
}

async function saveMode(ctx: AppContext, tenant: TenantContext, values: Partial<typeof intakeSettings.$inferInsert>): Promise<void> {
  await inTenantTx(ctx.db, tenant.id, async (tx) => {
    await intakeSettingsOf(tx, tenant.id);
    await tx
      .update(intakeSettings)
      .set({ ...values, updatedAt: tenant.now })
      .where(eq(intakeSettings.tenantId, tenant.id));
  });
}

async function callTelegram<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const reason = error instanceof GrammyError ? `${error.error_code} ${error.description}` : error instanceof Error ? error.message : String(error);
    fail('telegram_api_error', `Telegram did not accept the request: ${reason}`);
  }
}
