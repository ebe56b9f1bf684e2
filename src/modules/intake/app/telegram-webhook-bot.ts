import { eq } from 'drizzle-orm';
import type { Bot } from 'grammy';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { fail } from '../../../platform/errors.ts';
import { decryptSecret } from '../../../platform/secrets.ts';
import { sameSecret } from '../../staff/index.ts';
import { intakeSettings } from '../db/schema.ts';
import { telegramBotConfig, telegramBotFor } from './telegram-bots.ts';

/**
 * The bot that handles an update Telegram posted for a business, once the request proved it
 * comes from Telegram: only Telegram knows the secret token given with setWebhook. An unknown
 * business and a wrong secret get the same answer, so the URL tells nobody which businesses exist.
 */
export async function telegramWebhookBot(ctx: AppContext, tenantId: string, secretToken: string | undefined): Promise<{ bot: Bot; secret: string }> {
  const found = await inTenantTx(ctx.db, tenantId, async (tx) => {
    const [settings] = await tx.select({ secret: intakeSettings.telegramWebhookSecret }).from(intakeSettings).where(eq(intakeSettings.tenantId, tenantId));
    return { secret: settings?.secret ? decryptSecret(settings.secret) : null, config: await telegramBotConfig(tx, tenantId) };
  });
  if (!found.secret || secretToken === undefined || !sameSecret(secretToken, found.secret)) fail('telegram_webhook_unauthorized');
  if (!found.config) fail('telegram_not_configured');
  try {
    return { bot: await telegramBotFor(ctx, found.config), secret: found.secret };
  } catch {
    fail('telegram_update_failed', 'The bot could not reach Telegram (getMe failed); Telegram will send the update again.');
  }
}
