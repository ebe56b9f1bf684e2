import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueWork } from '../../src/worker/scheduler.ts';
import { expectError, expectOk, fixtures } from '../http/helpers.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

/** A browser's view of the portal: the cookies it holds and the CSRF token it read from one. */
type Browser = { cookie: string; csrf: string };

describe('client portal API', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => app?.stop());

  const call = async (browser: Browser | null, method: 'GET' | 'POST', url: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.api(null, method, url, body, {
      ...(browser ? { cookie: browser.cookie } : {}),
      ...(browser && method === 'POST' ? { 'x-csrf-token': browser.csrf } : {}),
      ...headers,
    });

  /** Reads the sign-in link out of the newest portal email in the business's local mailbox. */
  async function linkFromMailbox(apiKey: string, tenantId: string, email: string): Promise<string | null> {
    await runDueWork(app.ctx, tenantId);
    const mailbox = expectOk(await app.api(apiKey, 'GET', '/v1/mailbox?limit=100'));
    const mail = mailbox.data.find((m: { recipient: string; template: string }) => m.recipient === email && m.template === 'portal-email:magic_link');
    return mail ? (/https?:\/\/\S+\/portal\/sign-in\?token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1] ?? null) : null;
  }

  async function signIn(token: string): Promise<Browser> {
    const res = await call(null, 'POST', '/portal/api/sign_in', { token });
    expectOk(res);
    const cookies = ([] as string[]).concat(res.headers['set-cookie'] as string | string[]);
    const pair = (name: string) => cookies.find((c) => c.startsWith(`${name}=`))!.split(';')[0]!;
    return { cookie: `${pair('duly_portal')}; ${pair('duly_csrf')}`, csrf: decodeURIComponent(pair('duly_csrf').split('=')[1]!) };
  }

  /** A business with a client who has an open invoice, signed in through a staff-made link. */
  async function clientWithInvoice(name: string, email: string, options: { card?: string | null; unitAmount?: number } = {}) {
    const { ctx, apiKey } = await app.tenant({ name });
    const f = fixtures(app, apiKey);
    const customer = await f.customer({ name: `Client of ${name}`, email });
    if (options.card !== null) await f.card(customer.id, options.card ?? 'pm_card_visa');
    const invoice = await f.openInvoice(customer.id, options.unitAmount ?? 5_000);
    const link = expectOk(await app.api(apiKey, 'POST', `/v1/customers/${customer.id}/portal_link`, { channel: 'none' }));
    const browser = await signIn(new URL(link.url).searchParams.get('token')!);
    return { ctx, apiKey, customer, invoice, browser };
  }

  it('emails a sign-in link in the client’s language that opens a session once, and answers an unknown email the same way', async () => {
    const { ctx, apiKey } = await app.tenant({ name: 'Riga Yoga', currency: 'eur' });
    const customer = expectOk(await app.api(apiKey, 'POST', '/v1/customers', { name: 'Līga', email: 'liga@example.lv', preferred_locales: ['lv'] }));
    const known = await call(null, 'POST', '/portal/api/magic_link', { business_id: ctx.id, email: 'LIGA@example.lv' });
    const unknown = await call(null, 'POST', '/portal/api/magic_link', { business_id: ctx.id, email: 'nobody@example.lv' });
    const noBusiness = await call(null, 'POST', '/portal/api/magic_link', { business_id: 'ten_missing', email: 'liga@example.lv' });
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    expect(noBusiness.status).toBe(200);
    expect(unknown.body).toEqual(known.body);
    expect(noBusiness.body).toEqual(known.body);

    const token = await linkFromMailbox(apiKey, ctx.id, 'liga@example.lv');
    expect(token).toBeTruthy();
    const mailbox = expectOk(await app.api(apiKey, 'GET', '/v1/mailbox?limit=100'));
    expect(mailbox.data.filter((m: { template: string }) => m.template === 'portal-email:magic_link')).toHaveLength(1);
    expect(mailbox.data[0].locale).toBe('lv');
    expect(mailbox.data[0].subject).toContain('Riga Yoga');

    const browser = await signIn(token!);
    const me = expectOk(await call(browser, 'GET', '/portal/api/me'));
    expect(me).toMatchObject({ id: customer.id, name: 'Līga', language: 'lv', business: { name: 'Riga Yoga', currency: 'eur' }, card: null });
    expectError(await call(null, 'POST', '/portal/api/sign_in', { token }), 410, 'portal_link_used', 'token');
    expectError(await call(null, 'GET', '/portal/api/me'), 401, 'portal_sign_in_required');
  });

  it('sets the session cookie HttpOnly and SameSite=Lax, Secure behind https, and signs out for good', async () => {
    const { apiKey, ctx } = await app.tenant({ name: 'Cookie Club' });
    const customer = expectOk(await app.api(apiKey, 'POST', '/v1/customers', { name: 'Cookie', email: 'c@example.com' }));
    const link = expectOk(await app.api(apiKey, 'POST', `/v1/customers/${customer.id}/portal_link`, { channel: 'none' }));
    expect(link.url).toMatch(new RegExp(`/portal/sign-in\\?token=[A-Za-z0-9_-]{43}&b=${ctx.id}$`));
    expect(link.expires_at).toBe(Math.floor(ctx.now.getTime() / 1000) + 30 * 60);
    const res = await app.server.inject({ method: 'POST', url: '/portal/api/sign_in', payload: { token: new URL(link.url).searchParams.get('token') } });
    const cookies = ([] as string[]).concat(res.headers['set-cookie'] as string[]);
    const session = cookies.find((c) => c.startsWith('duly_portal='))!;
    const csrf = cookies.find((c) => c.startsWith('duly_csrf='))!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    expect(session).toMatch(/Path=\/portal/);
    expect(session).not.toMatch(/Secure/);
    expect(csrf).not.toMatch(/HttpOnly/);
    const browser = { cookie: `${session.split(';')[0]}; ${csrf.split(';')[0]}`, csrf: csrf.split(';')[0]!.split('=')[1]! };
    expectOk(await call(browser, 'POST', '/portal/api/sign_out'));
    expectError(await call(browser, 'GET', '/portal/api/me'), 401, 'portal_sign_in_required');

    const again = expectOk(await app.api(apiKey, 'POST', `/v1/customers/${customer.id}/portal_link`, { channel: 'none' }));
    process.env.DULY_SECURE_COOKIES = 'true';
    try {
      const secure = await app.server.inject({ method: 'POST', url: '/portal/api/sign_in', payload: { token: new URL(again.url).searchParams.get('token') } });
      const set = ([] as string[]).concat(secure.headers['set-cookie'] as string[]);
      expect(set).toHaveLength(2);
      for (const c of set) expect(c).toMatch(/; Secure/);
    } finally {
      delete process.env.DULY_SECURE_COOKIES;
    }
  });

  it('refuses a sign-in link after 30 minutes on the business’s clock', async () => {
    const { apiKey } = await app.tenant({ name: 'Slow Reader Studio' });
    const customer = expectOk(await app.api(apiKey, 'POST', '/v1/customers', { name: 'Late', email: 'late@example.com' }));
    const link = expectOk(await app.api(apiKey, 'POST', `/v1/customers/${customer.id}/portal_link`, { channel: 'none' }));
    expectOk(await app.api(apiKey, 'POST', '/v1/test_clock/advance', { to: new Date((link.expires_at + 60) * 1000).toISOString() }));
    expectError(await call(null, 'POST', '/portal/api/sign_in', { token: new URL(link.url).searchParams.get('token') }), 410, 'portal_link_expired', 'token');
    expectError(await call(null, 'POST', '/portal/api/sign_in', { token: 'x'.repeat(43) }), 400, 'portal_link_invalid', 'token');
  });

  it('sends a staff-made link by email, and refuses Telegram for a client without a chat', async () => {
    const { ctx, apiKey } = await app.tenant({ name: 'Link Sender' });
    const customer = expectOk(await app.api(apiKey, 'POST', '/v1/customers', { name: 'Mai', email: 'mai@example.vn', preferred_locales: ['vi'] }));
    const link = expectOk(await app.api(apiKey, 'POST', `/v1/customers/${customer.id}/portal_link`, { channel: 'email' }));
    const token = await linkFromMailbox(apiKey, ctx.id, 'mai@example.vn');
    expect(link.url).toContain(token);
    expectError(await app.api(apiKey, 'POST', `/v1/customers/${customer.id}/portal_link`, { channel: 'telegram' }), 400, 'portal_no_contact', 'channel');
  });

  it('limits how often sign-in links can be asked for one address', async () => {
    const { ctx } = await app.tenant({ name: 'Busy Gym' });
    const ask = () => call(null, 'POST', '/portal/api/magic_link', { business_id: ctx.id, email: 'spam@example.com' }, { 'x-forwarded-for': '10.0.0.9' });
    for (let i = 0; i < 5; i++) expect((await ask()).status).toBe(200);
    const refused = await ask();
    expectError(refused, 429, 'portal_rate_limited');
    expect(refused.headers['retry-after']).toBeDefined();
  });

  it('lists the client’s invoices with amounts due, serves the invoice and statement PDFs', async () => {
    const { browser, invoice } = await clientWithInvoice('List Studio', 'list@example.com', { card: null });
    const list = expectOk(await call(browser, 'GET', '/portal/api/invoices'));
    expect(list.data).toHaveLength(1);
    expect(list.data[0]).toMatchObject({ id: invoice.id, number: invoice.number, status: 'open', total: 5_000, amount_due: 5_000 });
    const one = expectOk(await call(browser, 'GET', `/portal/api/invoices/${invoice.id}`));
    expect(one.lines).toEqual([{ description: 'Personal training', quantity: 1, amount: 5_000 }]);
    const pdf = await app.server.inject({ method: 'GET', url: `/portal/api/invoices/${invoice.id}/pdf`, headers: { cookie: browser.cookie } });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const statement = await app.server.inject({ method: 'GET', url: '/portal/api/statement.pdf', headers: { cookie: browser.cookie } });
    expect(statement.statusCode).toBe(200);
    expect(statement.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('never shows or charges another client’s invoice, in this business or another one', async () => {
    const a = await clientWithInvoice('Shared Gym', 'a@example.com');
    const f = fixtures(app, a.apiKey);
    const neighbour = await f.customer({ name: 'Neighbour', email: 'b@example.com' });
    await f.card(neighbour.id);
    const theirs = await f.openInvoice(neighbour.id, 7_000);
    const elsewhere = await clientWithInvoice('Other Business', 'a@example.com');
    for (const id of [theirs.id, elsewhere.invoice.id, 'in_doesnotexist']) {
      expectError(await call(a.browser, 'GET', `/portal/api/invoices/${id}`), 404, 'resource_missing');
      expect((await call(a.browser, 'GET', `/portal/api/invoices/${id}/pdf`)).status).toBe(404);
      expectError(await call(a.browser, 'POST', `/portal/api/invoices/${id}/pay`, {}), 404, 'resource_missing');
    }
    const list = expectOk(await call(a.browser, 'GET', '/portal/api/invoices'));
    expect(list.data.map((i: { id: string }) => i.id)).toEqual([a.invoice.id]);
    // Nothing was charged on the neighbour's behalf.
    const stillOpen = expectOk(await app.api(a.apiKey, 'GET', `/v1/invoices/${theirs.id}`));
    expect(stillOpen.status).toBe('open');
  });

  it('requires the CSRF token on every change', async () => {
    const { browser, invoice } = await clientWithInvoice('Csrf Dojo', 'csrf@example.com');
    expectError(await call(browser, 'POST', `/portal/api/invoices/${invoice.id}/pay`, {}, { 'x-csrf-token': 'wrong' }), 403, 'portal_csrf_invalid');
    const noHeader = await app.server.inject({ method: 'POST', url: '/portal/api/autopay', payload: { enabled: true }, headers: { cookie: browser.cookie } });
    expect(noHeader.statusCode).toBe(403);
    const after = expectOk(await call(browser, 'GET', `/portal/api/invoices/${invoice.id}`));
    expect(after.status).toBe('open');
  });

  it('pays with the saved card once, however often the same request is sent', async () => {
    const { browser, invoice, apiKey, customer } = await clientWithInvoice('Double Click Gym', 'dc@example.com');
    const key = { 'idempotency-key': 'pay-once-1' };
    const first = await call(browser, 'POST', `/portal/api/invoices/${invoice.id}/pay`, {}, key);
    const second = await call(browser, 'POST', `/portal/api/invoices/${invoice.id}/pay`, {}, key);
    expect(expectOk(first)).toMatchObject({ status: 'paid', amount_due: 0 });
    expect(second.status).toBe(200);
    expect(second.headers['idempotent-replayed']).toBe('true');
    const payments = expectOk(await app.api(apiKey, 'GET', `/v1/payments?customer=${customer.id}`));
    expect(payments.data).toHaveLength(1);
    const history = expectOk(await call(browser, 'GET', '/portal/api/payments'));
    expect(history.data).toEqual([expect.objectContaining({ object: 'payment', amount: 5_000, invoice_number: invoice.number, status: 'succeeded' })]);
    const list = expectOk(await call(browser, 'GET', '/portal/api/invoices'));
    expect(list.data[0]).toMatchObject({ status: 'paid', amount_due: 0 });
  });

  it('shows the bank’s reason for a declined card, and pays with a new card entered on the spot', async () => {
    const { browser, invoice } = await clientWithInvoice('Decline Studio', 'decline@example.com', { card: 'pm_card_chargeDeclinedInsufficientFunds' });
    const declined = expectError(await call(browser, 'POST', `/portal/api/invoices/${invoice.id}/pay`, {}), 402, 'card_declined', 'payment_method');
    expect(declined.message).toContain('insufficient funds');
    const paid = expectOk(await call(browser, 'POST', `/portal/api/invoices/${invoice.id}/pay`, { payment_method: 'pm_card_visa' }));
    expect(paid.status).toBe('paid');
    const me = expectOk(await call(browser, 'GET', '/portal/api/me'));
    expect(me.card).toMatchObject({ brand: 'visa', last4: '4242' });
  });

  it('replaces the card, switches autopay on the client’s subscriptions, and saves the language', async () => {
    const { ctx, apiKey } = await app.tenant({ name: 'Autopay Gym' });
    const f = fixtures(app, apiKey);
    const customer = await f.customer({ name: 'Auto', email: 'auto@example.com' });
    const price = await f.price();
    const sub = expectOk(
      await app.api(apiKey, 'POST', '/v1/subscriptions', { customer: customer.id, items: [{ price: price.id }], collection_method: 'send_invoice' }),
    );
    const link = expectOk(await app.api(apiKey, 'POST', `/v1/customers/${customer.id}/portal_link`, { channel: 'none' }));
    const browser = await signIn(new URL(link.url).searchParams.get('token')!);
    expect(expectOk(await call(browser, 'GET', '/portal/api/me')).autopay).toEqual({ enabled: false, subscriptions: 1 });
    expectError(await call(browser, 'POST', '/portal/api/autopay', { enabled: true }), 400, 'payment_method_missing', 'enabled');
    expect(expectOk(await call(browser, 'POST', '/portal/api/card/setup'))).toMatchObject({ gateway: 'sandbox' });
    expect(expectOk(await call(browser, 'POST', '/portal/api/card', { payment_method: 'pm_card_mastercard' }))).toMatchObject({
      brand: 'mastercard',
      last4: '4444',
    });
    expectError(await call(browser, 'POST', '/portal/api/card', { payment_method: 'pm_card_bogus' }), 400, 'payment_method_unknown');
    const on = expectOk(await call(browser, 'POST', '/portal/api/autopay', { enabled: true }));
    expect(on.autopay.enabled).toBe(true);
    expect(expectOk(await app.api(apiKey, 'GET', `/v1/subscriptions/${sub.id}`)).collection_method).toBe('charge_automatically');
    const off = expectOk(await call(browser, 'POST', '/portal/api/autopay', { enabled: false }));
    expect(off.autopay.enabled).toBe(false);
    expect(expectOk(await app.api(apiKey, 'GET', `/v1/subscriptions/${sub.id}`)).collection_method).toBe('send_invoice');

    const th = expectOk(await call(browser, 'POST', '/portal/api/me', { language: 'th' }));
    expect(th.language).toBe('th');
    expect(expectOk(await app.api(apiKey, 'GET', `/v1/customers/${customer.id}`)).preferred_locales[0]).toBe('th');
    expectError(await call(browser, 'POST', '/portal/api/me', { language: 'de' }), 400, 'parameter_invalid');
    expect(ctx.id).toBeTruthy();
  });
});
