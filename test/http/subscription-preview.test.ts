import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { expectError, expectOk, fixtures, listIds } from './helpers.ts';

type PreviewLine = { description: string; price: string; quantity: number; unit_amount: number; amount: number; tax_amount: number; total: number };

/**
 * POST /v1/subscriptions/:id/preview_change shows what a plan change would invoice now. The
 * promise to the user: the figure they confirm is the figure they get billed, and looking
 * changes nothing.
 */
describe('subscription change preview API', () => {
  let app: TestApp;
  let apiKey: string;
  let otherKey: string;
  let f: ReturnType<typeof fixtures>;
  beforeAll(async () => {
    app = await startTestApp();
    ({ apiKey } = await app.tenant({ name: 'Sunrise Fitness' }));
    ({ apiKey: otherKey } = await app.tenant({ name: 'Moon Yoga' }));
    f = fixtures(app, apiKey);
  });
  afterAll(() => app.stop());

  async function subscribed(body: Record<string, unknown> = {}, unitAmount = 4900) {
    const customer = await f.customer();
    await f.card(customer.id);
    const price = await f.price({ unit_amount: unitAmount });
    const sub = expectOk(await app.api(apiKey, 'POST', '/v1/subscriptions', { customer: customer.id, items: [{ price: price.id }], ...body }));
    return { customer, price, sub };
  }

  const preview = (id: string, body: unknown) => app.api(apiKey, 'POST', `/v1/subscriptions/${id}/preview_change`, body);

  /** The proration invoice the real change issued, with its lines. */
  async function changeInvoice(subId: string) {
    const list = expectOk(await app.api(apiKey, 'GET', `/v1/invoices?subscription=${subId}`)).data;
    const update = list.find((i: { billing_reason: string }) => i.billing_reason === 'subscription_update');
    return update ? expectOk(await app.api(apiKey, 'GET', `/v1/invoices/${update.id}`)) : null;
  }

  const comparable = (l: PreviewLine) => ({
    description: l.description,
    price: l.price,
    quantity: l.quantity,
    unit_amount: l.unit_amount,
    amount: l.amount,
    tax_amount: l.tax_amount,
    total: l.total,
  });

  it('previews an upgrade with tax and quantity, writes nothing, and the real change invoices exactly that', async () => {
    const tax = expectOk(await app.api(apiKey, 'POST', '/v1/tax_rates', { display_name: 'VAT', percentage: 21, inclusive: false }));
    const { sub } = await subscribed();
    expectOk(await app.api(apiKey, 'POST', '/v1/test_clock/advance', { days: 10 }));
    const bigger = await f.price({ unit_amount: 9900, tax_rate: tax.id, nickname: 'Gold' });
    const body = { items: [{ price: bigger.id, quantity: 2 }] };
    const invoicesBefore = await listIds(app, apiKey, '/v1/invoices');

    const p = expectOk(await preview(sub.id, body));
    expect(p).toMatchObject({ object: 'subscription_change_preview', subscription: sub.id, currency: 'usd', period_end: sub.current_period_end });
    expect(p.lines).toHaveLength(2);
    const [credit, charge] = p.lines as PreviewLine[];
    expect(credit!.amount).toBeLessThan(0);
    expect(charge!).toMatchObject({ price: bigger.id, quantity: 2, description: 'Remaining time on Gold' });
    expect(charge!.tax_amount).toBe(Math.round(charge!.amount * 0.21));
    expect(p.total).toBe(p.lines.reduce((s: number, l: PreviewLine) => s + l.total, 0));
    expect(p.amount_due).toBe(p.total);
    // Roughly two thirds of a month of 2 × 99.00 + 21% VAT, less the unused 49.00.
    expect(p.amount_due).toBeGreaterThan(10_000);
    expect(p.amount_due).toBeLessThan(2 * 9900 * 1.21 - 0.5 * 4900);

    // Looking changed nothing: same items, no new invoice.
    expect(expectOk(await app.api(apiKey, 'GET', `/v1/subscriptions/${sub.id}`)).items.data.map((i: { price: string }) => i.price)).toEqual([
      sub.items.data[0].price,
    ]);
    expect(await listIds(app, apiKey, '/v1/invoices')).toEqual(invoicesBefore);

    expectOk(await app.api(apiKey, 'POST', `/v1/subscriptions/${sub.id}`, body));
    const invoice = await changeInvoice(sub.id);
    expect(invoice).toMatchObject({ total: p.total, tax: p.tax, subtotal: p.subtotal, amount_paid: p.amount_due, status: 'paid' });
    expect(invoice.lines.data.map(comparable)).toEqual(p.lines.map(comparable));
  });

  it('a downgrade previews a net credit with nothing due; the credit then shows on the next preview', async () => {
    const { sub, customer } = await subscribed({}, 9900);
    expectOk(await app.api(apiKey, 'POST', '/v1/test_clock/advance', { days: 5 }));
    const smaller = await f.price({ unit_amount: 1900 });
    const down = expectOk(await preview(sub.id, { items: [{ price: smaller.id }] }));
    expect(down.total).toBeLessThan(0);
    expect(down.amount_due).toBe(0);
    expect(down.credit_applied).toBe(down.total);
    expectOk(await app.api(apiKey, 'POST', `/v1/subscriptions/${sub.id}`, { items: [{ price: smaller.id }] }));
    const downInvoice = await changeInvoice(sub.id);
    expect(downInvoice).toMatchObject({ total: down.total, amount_paid: 0 });

    // Going back up uses the credit first: only the rest would be charged.
    const back = await f.price({ unit_amount: 9900 });
    const up = expectOk(await preview(sub.id, { items: [{ price: back.id }] }));
    expect(up.total).toBeGreaterThan(0);
    expect(up.credit_applied).toBe(Math.min(up.total, -down.total));
    expect(up.amount_due).toBe(up.total - up.credit_applied);
    expectOk(await app.api(apiKey, 'POST', `/v1/subscriptions/${sub.id}`, { items: [{ price: back.id }] }));
    const list = expectOk(await app.api(apiKey, 'GET', `/v1/invoices?customer=${customer.id}`)).data;
    const upInvoice = list.find((i: { billing_reason: string; total: number }) => i.billing_reason === 'subscription_update' && i.total > 0);
    expect(upInvoice).toMatchObject({ total: up.total, credit_applied: up.credit_applied, amount_paid: up.amount_due });
  });

  it('nothing is invoiced during a trial or with proration_behavior none', async () => {
    const { sub } = await subscribed({ trial_period_days: 14 });
    const other = await f.price({ unit_amount: 9900 });
    const trial = expectOk(await preview(sub.id, { items: [{ price: other.id }] }));
    expect(trial).toMatchObject({ lines: [], total: 0, amount_due: 0, period_end: null });

    const { sub: active } = await subscribed();
    const none = expectOk(await preview(active.id, { items: [{ price: other.id }], proration_behavior: 'none' }));
    expect(none).toMatchObject({ lines: [], total: 0, amount_due: 0 });
  });

  it('refuses what the change would refuse, with the same codes and params', async () => {
    const { sub } = await subscribed();
    const yearly = await f.price({ recurring: { interval: 'year' } });
    expectError(await preview(sub.id, { items: [{ price: yearly.id }] }), 400, 'interval_mismatch', 'items[0][price]');
    expectError(await app.api(apiKey, 'POST', `/v1/subscriptions/${sub.id}`, { items: [{ price: yearly.id }] }), 400, 'interval_mismatch', 'items[0][price]');
    expectError(await preview(sub.id, { items: [{ price: 'price_missing' }] }), 404, 'resource_missing', 'items[price]');
    expectError(await preview(sub.id, { items: [] }), 400, 'parameter_invalid', 'items');
    expectError(await preview(sub.id, { items: [{ price: yearly.id }], proration_behavior: 'sometimes' }), 400, 'parameter_invalid', 'proration_behavior');
    expectOk(await app.api(apiKey, 'POST', `/v1/subscriptions/${sub.id}/cancel`, {}));
    expectError(await preview(sub.id, { items: [{ price: sub.items.data[0].price }] }), 409, 'subscription_canceled');
  });

  it('another business cannot preview, and no key is refused', async () => {
    const { sub, price } = await subscribed();
    expectError(await app.api(otherKey, 'POST', `/v1/subscriptions/${sub.id}/preview_change`, { items: [{ price: price.id }] }), 404, 'resource_missing');
    const anon = await app.api(null, 'POST', `/v1/subscriptions/${sub.id}/preview_change`, { items: [{ price: price.id }] });
    expect(anon.status).toBe(401);
  });
});
