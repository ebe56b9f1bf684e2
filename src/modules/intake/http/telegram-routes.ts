import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { webhookCallback } from 'grammy';
import { z } from 'zod';
import type { AppContext } from '../../../app-context.ts';
import { DomainError, fail } from '../../../platform/errors.ts';
import { telegramWebhookBot } from '../app/telegram-webhook-bot.ts';

const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

/**
 * Public: Telegram posts a business's updates here in webhook mode (configureTelegramBot sets the
 * URL and secret). A handling failure answers 503 so Telegram delivers the update again.
 */
export function telegramRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/telegram/:tenant_id/webhook',
      {
        schema: {
          hide: true,
          params: z.strictObject({ tenant_id: z.string().min(1).max(64) }),
          body: z.looseObject({ update_id: z.number().int().nonnegative() }),
        },
      },
      async (req, reply) => {
        const header = req.headers[SECRET_HEADER];
        const { bot, secret } = await telegramWebhookBot(ctx, req.params.tenant_id, typeof header === 'string' ? header : undefined);
        try {
          await webhookCallback(bot, 'fastify', { secretToken: secret })(req, reply);
        } catch (error) {
          if (error instanceof DomainError) throw error;
          req.log.error({ err: error }, 'telegram update failed');
          fail('telegram_update_failed');
        }
        return reply;
      },
    );
  };
}
