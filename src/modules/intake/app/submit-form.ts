import { and, asc, eq, gt, lt, type SQL } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { formIntakeMessage } from '../../../channels/webform/form-message.ts';
import { inTenantTx, type Tx } from '../../../platform/db/tx.ts';
import { DomainError } from '../../../platform/errors.ts';
import { resolveLocale, type SupportedLocale, translator } from '../../../platform/i18n/index.ts';
import { newId } from '../../../platform/ids.ts';
import { queueCustomerMessage } from '../../messaging/index.ts';
import { captchaSolutions, formSubmissions } from '../db/schema.ts';
import { parseCaptchaPayload } from '../domain/form-captcha.ts';
import { CAPTCHA_FIELD, type FormFields, type FormKind, honeypotFilled, localDateOf, readFormFields } from '../domain/form-fields.ts';
import { FORM_LIMIT_WINDOW_MS, FORM_SUBMISSION_RETENTION_MS, FormRateLimitedError, secondsUntilAllowed } from '../domain/form-limits.ts';
import type { IntakeOutcome } from '../domain/intake-message.ts';
import { checkCaptchaSolution } from './check-captcha-solution.ts';
import type { FormBusiness } from './find-form-business.ts';
import { intakeSettingsOf } from './intake-settings.ts';
import { receiveIntakeMessage } from './receive-intake-message.ts';

export type FormSubmissionInput = { form: FormKind; body: Record<string, unknown>; ip: string; locale: SupportedLocale };
export type FormSubmissionResult = { id: string; outcome: IntakeOutcome['outcome'] | 'honeypot' };

/**
 * A visitor sends a public form. In order: the captcha solution must be there, the fields must be
 * right (the same solution can be resent after fixing a typo), the solution must verify; then one
 * transaction checks the hourly limits, spends the solution (a replay finds it spent) and counts
 * the submission. A filled honeypot ends there: the bot is told it worked and nothing else is
 * written. Otherwise the submission becomes an IntakeMessage (client created or matched, request
 * opened and routed) and the client gets a confirmation in their language. Errors carry the
 * page's language.
 */
export async function submitForm(ctx: AppContext, business: FormBusiness, input: FormSubmissionInput): Promise<FormSubmissionResult> {
  const { tenant } = business;
  const t = translator(input.locale);
  const payload = parseCaptchaPayload(input.body[CAPTCHA_FIELD]);
  if (!payload) refuse('form_captcha_missing', t('errors:form_captcha_missing'), CAPTCHA_FIELD);
  const read = readFormFields(input.form, input.body, { locale: input.locale, today: localDateOf(tenant.now, tenant.timezone) });
  if (!read.ok) refuse(read.problem.code, t(`forms:errors.${read.problem.problem}`), read.problem.field);
  const { fields } = read;
  const solution = await checkCaptchaSolution(ctx, tenant.id, payload).catch((error: unknown) => {
    if (error instanceof DomainError) refuse(error.code, t(`errors:${error.code}`), CAPTCHA_FIELD);
    throw error;
  });
  const bot = honeypotFilled(input.body);
  const id = newId('fsub');
  const now = ctx.clock.now();
  await inTenantTx(ctx.db, tenant.id, async (tx) => {
    await enforceLimits(tx, business, input.ip, now, t);
    const spent = await tx
      .insert(captchaSolutions)
      .values({ signatureHash: solution.key, tenantId: tenant.id, expiresAt: solution.expiresAt })
      .onConflictDoNothing()
      .returning({ key: captchaSolutions.signatureHash });
    if (spent.length === 0) refuse('form_captcha_used', t('errors:form_captcha_used'), CAPTCHA_FIELD);
    await tx
      .insert(formSubmissions)
      .values({ tenantId: tenant.id, id, form: input.form, ip: input.ip, outcome: bot ? 'rejected:honeypot' : 'accepted', createdAt: now });
    await prune(tx, tenant.id, now);
  });
  if (bot) return { id, outcome: 'honeypot' };
  let outcome: IntakeOutcome;
  try {
    outcome = await receiveIntakeMessage(ctx, tenant, formIntakeMessage(submissionOf(business, input, fields, id)));
  } catch (error) {
    // Nothing came of the submission: give the visitor back their solution and their place in the limits.
    await inTenantTx(ctx.db, tenant.id, async (tx) => {
      await tx.delete(formSubmissions).where(and(eq(formSubmissions.tenantId, tenant.id), eq(formSubmissions.id, id)));
      await tx.delete(captchaSolutions).where(eq(captchaSolutions.signatureHash, solution.key));
    });
    throw error;
  }
  if (outcome.customerId) await confirmToClient(ctx, business, input.form, outcome.customerId, id);
  return { id, outcome: outcome.outcome };
}

/** A refusal in the page's language (the wire shape's `message`), naming the field at fault. */
function refuse(code: string, message: string, param?: string): never {
  throw new DomainError(code, message, param);
}

/**
 * Per IP and per business, submissions of the last hour against the business's limits. The
 * business's row in intake_settings is locked first, so concurrent submissions count one after
 * another and a flood cannot slip past the limit in parallel.
 */
async function enforceLimits(tx: Tx, business: FormBusiness, ip: string, now: Date, t: (key: string) => string) {
  const tenantId = business.tenant.id;
  const settings = await intakeSettingsOf(tx, tenantId, { lock: true });
  const since = new Date(now.getTime() - FORM_LIMIT_WINDOW_MS);
  const recent = (filter?: SQL) =>
    tx
      .select({ at: formSubmissions.createdAt })
      .from(formSubmissions)
      .where(and(eq(formSubmissions.tenantId, tenantId), gt(formSubmissions.createdAt, since), filter))
      .orderBy(asc(formSubmissions.createdAt));
  const fromIp = (await recent(eq(formSubmissions.ip, ip))).map((r) => r.at);
  const fromAll = (await recent()).map((r) => r.at);
  const wait = Math.max(secondsUntilAllowed(fromIp, settings.formLimitPerIp, now) ?? 0, secondsUntilAllowed(fromAll, settings.formLimitPerBusiness, now) ?? 0);
  if (wait > 0) throw new FormRateLimitedError(t('errors:form_rate_limited'), wait);
}

/** Spent solutions are kept until their challenge expires (a replay after that fails as expired); submissions for a day. */
async function prune(tx: Tx, tenantId: string, now: Date) {
  await tx.delete(captchaSolutions).where(and(eq(captchaSolutions.tenantId, tenantId), lt(captchaSolutions.expiresAt, now)));
  await tx
    .delete(formSubmissions)
    .where(and(eq(formSubmissions.tenantId, tenantId), lt(formSubmissions.createdAt, new Date(now.getTime() - FORM_SUBMISSION_RETENTION_MS))));
}

function submissionOf(business: FormBusiness, input: FormSubmissionInput, fields: FormFields, id: string) {
  const { tenant } = business;
  // The request's subject is for the staff, so it is in the business's language.
  const subject = translator(resolveLocale(tenant.locale, 'en'))('forms:request_subject', {
    form: input.form,
    what: fields.what ?? '',
    preferred_date: fields.preferredDate ?? '',
  });
  return {
    id,
    form: input.form,
    name: fields.name,
    email: fields.email,
    phone: fields.phone,
    message: fields.message,
    extra: { what: fields.what, preferred_date: fields.preferredDate, preferred_time: fields.preferredTime },
    locale: input.locale,
    subject,
    receivedAt: tenant.now,
  };
}

/** "We received your ..." to the client, in their language, on their usual channel; once per submission. */
async function confirmToClient(ctx: AppContext, business: FormBusiness, form: FormKind, customerId: string, submissionId: string) {
  await inTenantTx(ctx.db, business.tenant.id, (tx) =>
    queueCustomerMessage(tx, business.tenant, {
      customerId,
      template: 'forms:submission_received',
      vars: { form },
      urgent: true,
      dedupeKey: `form:${submissionId}`,
    }),
  );
}
