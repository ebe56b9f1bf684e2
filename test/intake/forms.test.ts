import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers } from '../../src/modules/customers/index.ts';
import { formSubmissions, intakeRequests } from '../../src/modules/intake/index.ts';
import { messages } from '../../src/modules/messaging/index.ts';
import type { TenantContext } from '../../src/modules/tenants/index.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { expectError, expectOk } from '../http/helpers.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

// A proof of work of a few PBKDF2 rounds: the checks are the same, the test stays fast.
process.env.DULY_CAPTCHA_COST = '1';
process.env.DULY_CAPTCHA_COUNTER_MAX = '20';

let app: TestApp;
const clock = new ManualClock(new Date());
let yoga: TenantContext;
let yogaKey: string;
let gymKey: string;

beforeAll(async () => {
  app = await startTestApp({ clock });
  ({ ctx: yoga, apiKey: yogaKey } = await app.tenant({ name: 'Sunrise Yoga', timezone: 'Europe/Riga' }));
  ({ apiKey: gymKey } = await app.tenant({ name: 'Moon Gym' }));
  expectOk(await app.api(yogaKey, 'POST', '/v1/intake/settings', { form_slug: 'sunrise-yoga' }));
  const gymForms = { form_slug: 'moon-gym', forms_enabled: ['signup'], form_limit_per_ip: 2, form_limit_per_business: 3 };
  expectOk(await app.api(gymKey, 'POST', '/v1/intake/settings', gymForms));
});
afterAll(() => app?.stop());

type Reply = { status: number; body: any; headers: Record<string, unknown> };
let ipCounter = 0;
/** A visitor from their own address, so the per-IP limit only bites where a test means it to. */
const freshIp = () => `198.51.100.${++ipCounter}`;

async function solve(ref: string): Promise<string> {
  const res = await app.server.inject({ method: 'GET', url: `/forms/api/${ref}/challenge` });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['cache-control']).toBe('no-store');
  const challenge = res.json();
  const solution = await solveChallenge({ challenge, deriveKey });
  return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
}

async function submit(
  ref: string,
  form: string,
  body: Record<string, unknown>,
  options: { ip?: string; lang?: string; headers?: Record<string, string>; encoded?: boolean } = {},
): Promise<Reply> {
  const res = await app.server.inject({
    method: 'POST',
    url: `/forms/api/${ref}/${form}${options.lang ? `?lang=${options.lang}` : ''}`,
    remoteAddress: options.ip ?? freshIp(),
    headers: { ...(options.encoded ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...options.headers },
    payload: options.encoded ? new URLSearchParams(body as Record<string, string>).toString() : (body as object),
  });
  return { status: res.statusCode, body: res.body ? res.json() : null, headers: res.headers };
}

const countRows = async (tenant: TenantContext) => ({
  customers: (await app.ctx.db.select().from(customers).where(eq(customers.tenantId, tenant.id))).length,
  requests: (await app.ctx.db.select().from(intakeRequests).where(eq(intakeRequests.tenantId, tenant.id))).length,
  messages: (await app.ctx.db.select().from(messages).where(eq(messages.tenantId, tenant.id))).length,
});

describe('form pages', () => {
  it('are served per business and language, framable by any site, running only our own scripts', async () => {
    const page = await app.server.inject({ method: 'GET', url: '/f/sunrise-yoga/signup?lang=vi' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<html lang="vi">');
    expect(page.body).toContain('Đăng ký');
    expect(page.body).toContain('Sunrise Yoga');
    expect(page.body).toContain('challenge="/forms/api/sunrise-yoga/challenge"');
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain('frame-ancestors *');
    expect(csp).toContain("script-src 'self'");
    expect(csp.split('; ').find((d) => d.startsWith('script-src'))).toBe("script-src 'self'");
    expect(page.headers['x-frame-options']).toBeUndefined();
    // The rest of the site still refuses to be framed.
    const docs = await app.server.inject({ method: 'GET', url: '/docs' });
    expect(String(docs.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    const api = await app.server.inject({ method: 'GET', url: '/forms/api/sunrise-yoga/challenge' });
    expect(api.headers['x-frame-options']).toBe('DENY');
  });

  it('follow Accept-Language without ?lang=, and are reachable by business id before a slug is chosen', async () => {
    const latvian = await app.server.inject({ method: 'GET', url: '/f/sunrise-yoga/appointment', headers: { 'accept-language': 'lv-LV,lv;q=0.9,en;q=0.5' } });
    expect(latvian.body).toContain('<html lang="lv">');
    expect(latvian.body).toContain('Pieteikt vizīti');
    expect(latvian.body).toMatch(/type="date" required min="\d{4}-\d{2}-\d{2}"/);
    const noSlug = (await app.tenant({ name: 'Star Dance' })).ctx;
    const byId = await app.server.inject({ method: 'GET', url: `/f/${noSlug.id}/order?lang=th` });
    expect(byId.statusCode).toBe(200);
    expect(byId.body).toContain('สั่งซื้อ');
  });

  it('say "not found" for an unknown business or a form the business turned off', async () => {
    const unknown = await app.server.inject({ method: 'GET', url: '/f/no-such-place/signup?lang=hy' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('Ձևը չի գտնվել');
    expect((await app.server.inject({ method: 'GET', url: '/f/moon-gym/order' })).statusCode).toBe(404);
    expectError(await submit('moon-gym', 'order', { name: 'A', email: 'a@example.com' }), 404, 'form_not_found');
  });

  it('give out an embed script that inserts the form in an iframe', async () => {
    const res = await app.server.inject({ method: 'GET', url: '/f/sunrise-yoga/embed.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/javascript');
    expect(res.body).toContain('"ref":"sunrise-yoga"');
    expect(res.body).toContain("createElement('iframe')");
    expect((await app.server.inject({ method: 'GET', url: '/f/no-such-place/embed.js' })).statusCode).toBe(404);
  });

  it('serve the ALTCHA widget and its worker from this server', async () => {
    const page = await app.server.inject({ method: 'GET', url: '/f/sunrise-yoga/signup' });
    const urls = [...page.body.matchAll(/(?:src|href|data-worker)="(\/forms\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(urls.length).toBeGreaterThanOrEqual(5);
    for (const url of urls) {
      const asset = await app.server.inject({ method: 'GET', url });
      expect(asset.statusCode, url).toBe(200);
      expect(asset.body.length, url).toBeGreaterThan(100);
    }
    expect((await app.server.inject({ method: 'GET', url: '/forms/assets/../package.json' })).statusCode).toBe(404);
  });
});

describe('a submission', () => {
  it('creates the client and the request, and confirms to the client in the page language', async () => {
    const payload = await solve('sunrise-yoga');
    const res = await submit(
      'sunrise-yoga',
      'appointment',
      {
        name: 'Anna Bērziņa',
        email: 'Anna@Example.LV',
        phone: '2000 0000',
        preferred_date: '2099-05-04',
        preferred_time: '18:30',
        message: 'Yoga?',
        altcha: payload,
        website: '',
      },
      { lang: 'lv' },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ object: 'form_submission', status: 'received', title: 'Paldies!' });
    expect(res.body.message).toContain('Sunrise Yoga');
    const [client] = await app.ctx.db
      .select()
      .from(customers)
      .where(and(eq(customers.tenantId, yoga.id), eq(customers.email, 'anna@example.lv')));
    expect(client).toMatchObject({ name: 'Anna Bērziņa', phone: '+37120000000', emailVerified: false, phoneVerified: false, preferredLocales: ['lv'] });
    const [request] = await app.ctx.db.select().from(intakeRequests).where(eq(intakeRequests.customerId, client!.id));
    expect(request).toMatchObject({ kind: 'appointment', channel: 'web_form' });
    expect(request!.fields).toMatchObject({ preferred_date: '2099-05-04', preferred_time: '18:30', language: 'lv' });
    const [confirmation] = await app.ctx.db.select().from(messages).where(eq(messages.customerId, client!.id));
    expect(confirmation).toMatchObject({ template: 'forms:submission_received', locale: 'lv', recipient: 'anna@example.lv' });
    expect(confirmation!.subject).toContain('Sunrise Yoga saņēma jūsu vizītes pieteikumu');
  });

  it('refuses a replayed solution and writes nothing', async () => {
    const altcha = await solve('sunrise-yoga');
    expect((await submit('sunrise-yoga', 'signup', { name: 'Līga', email: 'liga@example.lv', altcha })).status).toBe(200);
    const before = await countRows(yoga);
    const res = await submit('sunrise-yoga', 'signup', { name: 'Bot', email: 'bot@example.com', altcha });
    expectError(res, 409, 'form_captcha_used', 'altcha');
    expect(await countRows(yoga)).toEqual(before);
  });

  it('accepts a plain form post (form-encoded) too', async () => {
    const res = await submit(
      'sunrise-yoga',
      'order',
      { name: 'Jānis', email: 'janis@example.lv', what: '10-class pack', altcha: await solve('sunrise-yoga') },
      { encoded: true },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const [request] = await app.ctx.db
      .select()
      .from(intakeRequests)
      .where(and(eq(intakeRequests.tenantId, yoga.id), eq(intakeRequests.kind, 'order')));
    expect(request!.fields).toMatchObject({ what: '10-class pack' });
    expect(request!.subject).toContain('10-class pack');
  });

  it('replays the first answer for a repeated Idempotency-Key instead of sending the form twice', async () => {
    const body = { name: 'Emily Carter', email: 'emily@example.com', altcha: await solve('sunrise-yoga') };
    const first = await submit('sunrise-yoga', 'signup', body, { headers: { 'idempotency-key': 'k-1' } });
    const again = await submit('sunrise-yoga', 'signup', body, { headers: { 'idempotency-key': 'k-1' } });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const emily = await app.ctx.db
      .select()
      .from(customers)
      .where(and(eq(customers.tenantId, yoga.id), eq(customers.email, 'emily@example.com')));
    expect(emily).toHaveLength(1);
  });
});

describe('a submission is refused', () => {
  it('without a captcha solution, or with a wrong, foreign or expired one; nothing is written', async () => {
    const before = await countRows(yoga);
    const fields = { name: 'Bot', email: 'bot@example.com' };
    expectError(await submit('sunrise-yoga', 'signup', fields), 400, 'form_captcha_missing', 'altcha');
    expectError(await submit('sunrise-yoga', 'signup', { ...fields, altcha: 'not-base64-json' }), 400, 'form_captcha_missing', 'altcha');
    const good = JSON.parse(Buffer.from(await solve('sunrise-yoga'), 'base64').toString());
    const wrong = { ...good, solution: { ...good.solution, derivedKey: '00'.repeat(32) } };
    expectError(
      await submit('sunrise-yoga', 'signup', { ...fields, altcha: Buffer.from(JSON.stringify(wrong)).toString('base64') }),
      400,
      'form_captcha_invalid',
    );
    // A challenge solved for another business does not open this one's forms.
    expectError(await submit('sunrise-yoga', 'signup', { ...fields, altcha: await solve('moon-gym') }), 400, 'form_captcha_invalid');
    const late = await solve('sunrise-yoga');
    clock.advanceMs(11 * 60_000);
    try {
      expectError(await submit('sunrise-yoga', 'signup', { ...fields, altcha: late }), 400, 'form_captcha_expired');
    } finally {
      clock.set(new Date());
    }
    expect(await countRows(yoga)).toEqual(before);
  });

  it('with bad fields, in the page language, pointing at the field, and the same solution then still works', async () => {
    const altcha = await solve('sunrise-yoga');
    const missingName = expectError(
      await submit('sunrise-yoga', 'signup', { email: 'an@example.vn', altcha }, { lang: 'vi' }),
      400,
      'parameter_missing',
      'name',
    );
    expect(missingName.message).toBe('Hãy điền vào trường này.');
    expectError(await submit('sunrise-yoga', 'signup', { name: 'An', email: 'not-an-email', altcha }), 400, 'parameter_invalid', 'email');
    expectError(await submit('sunrise-yoga', 'signup', { name: 'An', phone: '12', altcha }), 400, 'parameter_invalid', 'phone');
    const noContact = expectError(await submit('sunrise-yoga', 'signup', { name: 'An', altcha }, { lang: 'th' }), 400, 'form_contact_missing', 'email');
    expect(noContact.message).toMatch(/[\u0E00-\u0E7F]/);
    expectError(await submit('sunrise-yoga', 'order', { name: 'An', email: 'an@example.vn', altcha }), 400, 'parameter_missing', 'what');
    const past = { name: 'An', email: 'an@example.vn', preferred_date: '2020-01-01', altcha };
    expectError(await submit('sunrise-yoga', 'appointment', past), 400, 'parameter_invalid', 'preferred_date');
    expectError(await submit('sunrise-yoga', 'appointment', { ...past, preferred_date: '2099-02-30' }), 400, 'parameter_invalid', 'preferred_date');
    expectError(
      await submit('sunrise-yoga', 'signup', { name: 'An', email: 'an@example.vn', message: 'x'.repeat(5001), altcha }),
      400,
      'parameter_invalid',
      'message',
    );
    const fixed = await submit('sunrise-yoga', 'signup', { name: 'Nguyễn Văn An', email: 'an@example.vn', altcha }, { lang: 'vi' });
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(200);
  });

  it('silently when the honeypot is filled: the bot is told it worked, no client or request is made', async () => {
    const before = await countRows(yoga);
    const res = await submit('sunrise-yoga', 'signup', {
      name: 'Cheap Pills',
      email: 'pills@example.com',
      website: 'http://spam.example',
      altcha: await solve('sunrise-yoga'),
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ object: 'form_submission', status: 'received' });
    expect(await countRows(yoga)).toEqual(before);
    const [row] = await app.ctx.db.select().from(formSubmissions).where(eq(formSubmissions.id, res.body.id));
    expect(row?.outcome).toBe('rejected:honeypot');
  });

  it('when one IP floods a business (429 with Retry-After), while other visitors still get through', async () => {
    const ip = '203.0.113.7';
    for (let i = 0; i < 2; i++) {
      const ok = await submit('moon-gym', 'signup', { name: `Visitor ${i}`, email: `v${i}@example.com`, altcha: await solve('moon-gym') }, { ip });
      expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    }
    const flood = await submit('moon-gym', 'signup', { name: 'Visitor 3', email: 'v3@example.com', altcha: await solve('moon-gym') }, { ip, lang: 'lv' });
    const error = expectError(flood, 429, 'form_rate_limited');
    expect(error.message).toBe('Nosūtīts pārāk daudz veidlapu. Nedaudz uzgaidiet un mēģiniet vēlreiz.');
    const retryAfter = Number(flood.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(3500);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    // Another visitor is not held up by the flood (the business limit is 3 an hour).
    expect((await submit('moon-gym', 'signup', { name: 'Neighbour', email: 'n@example.com', altcha: await solve('moon-gym') })).status).toBe(200);
  });

  it('when the business has had its hourly share, from any IP; an hour later forms get through again', async () => {
    const over = await submit('moon-gym', 'signup', { name: 'Late', email: 'late@example.com', altcha: await solve('moon-gym') });
    expectError(over, 429, 'form_rate_limited');
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    clock.advanceMs(61 * 60_000);
    try {
      const later = await submit('moon-gym', 'signup', { name: 'Late', email: 'late@example.com', altcha: await solve('moon-gym') });
      expect(later.status, JSON.stringify(later.body)).toBe(200);
    } finally {
      clock.set(new Date());
    }
  });

  it("never lands in another business: each business's staff see only their own form requests", async () => {
    const names = async (key: string) =>
      (expectOk(await app.api(key, 'GET', '/v1/requests?limit=100')).data as { customer_name: string }[]).map((r) => r.customer_name);
    const gymSees = await names(gymKey);
    const yogaSees = await names(yogaKey);
    expect(gymSees).toEqual(expect.arrayContaining(['Visitor 0', 'Neighbour']));
    expect(gymSees).not.toContain('Anna Bērziņa');
    expect(yogaSees).toEqual(expect.arrayContaining(['Anna Bērziņa', 'Jānis']));
    expect(yogaSees).not.toContain('Visitor 0');
  });
});
