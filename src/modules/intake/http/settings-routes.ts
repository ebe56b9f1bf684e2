import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { tenantOf } from '../../../platform/http/auth.ts';
import { unix } from '../../../platform/http/dto.ts';
import { type IntakeSettings, intakeSettingsOf, updateIntakeSettings } from '../app/intake-settings.ts';
import { configureTelegramBot } from '../app/telegram-configure-bot.ts';

const FORMS = ['signup', 'order', 'appointment'] as const;

const settingsBody = z.strictObject({
  routing_strategy: z.enum(['main_employee', 'round_robin', 'least_busy']).optional(),
  main_employee_user_id: z.string().max(64).nullish(),
  inactive_user_ids: z.array(z.string().max(64)).max(500).optional(),
  form_slug: z
    .string()
    .regex(/^[a-z0-9](?:[a-z0-9-]{1,48}[a-z0-9])$/, { error: 'must be 3-50 lowercase letters, digits or dashes, e.g. sunrise-fitness' })
    .nullish(),
  forms_enabled: z.array(z.enum(FORMS)).max(3).optional(),
  form_limit_per_ip: z.number().int().min(1).max(1000).optional(),
  form_limit_per_business: z.number().int().min(1).max(100_000).optional(),
  telegram_mode: z.enum(['polling', 'webhook']).optional(),
  digest_enabled: z.boolean().optional(),
});

function settingsDto(s: IntakeSettings) {
  return {
    object: 'intake_settings' as const,
    routing_strategy: s.routingStrategy,
    main_employee_user_id: s.mainEmployeeUserId,
    inactive_user_ids: s.inactiveUserIds,
    form_slug: s.formSlug,
    forms_enabled: s.formsEnabled,
    form_limit_per_ip: s.formLimitPerIp,
    form_limit_per_business: s.formLimitPerBusiness,
    telegram_mode: s.telegramMode,
    digest_enabled: s.digestEnabled,
    updated: unix(s.updatedAt),
  };
}

/** GET/POST /v1/intake/settings. */
export function intakeSettingsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['intake'];
    app.get('/v1/intake/settings', { schema: { tags } }, async (req) => {
      const tenant = tenantOf(req);
      return settingsDto(await inTenantTx(ctx.db, tenant.id, (tx) => intakeSettingsOf(tx, tenant.id)));
    });
    app.post('/v1/intake/settings', { schema: { body: settingsBody, tags } }, async (req) => {
      const tenant = tenantOf(req);
      const { telegram_mode: telegramMode, ...rest } = req.body;
      if (telegramMode) {
        const current = await inTenantTx(ctx.db, tenant.id, (tx) => intakeSettingsOf(tx, tenant.id));
        // Switching tells Telegram first (set or delete the webhook); the mode is saved only once it agreed.
        if (telegramMode !== current.telegramMode) await configureTelegramBot(ctx, tenant, telegramMode);
      }
      return settingsDto(await updateIntakeSettings(ctx, tenant, rest));
    });
  };
}
