import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';

/** GET/POST /v1/settings/retry_policy: defaults, partial updates, validation and isolation. */
describe('retry policy settings', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.stop());

  it('starts with the smart defaults and replaces only the fields given', async () => {
    const { apiKey } = await app.tenant({ name: 'Defaults Gym' });
    const initial = await app.api(apiKey, 'GET', '/v1/settings/retry_policy');
    expect(initial.status).toBe(200);
    expect(initial.body).toEqual({
      object: 'retry_policy',
      strategy: 'smart',
      max_retries: 4,
      window_days: 21,
      interval_days: 3,
      retry_hard_declines: false,
      on_exhausted: 'unpaid',
      updated: null,
    });
    const changed = await app.api(apiKey, 'POST', '/v1/settings/retry_policy', { strategy: 'fixed', interval_days: 5 });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ strategy: 'fixed', interval_days: 5, max_retries: 4, window_days: 21, on_exhausted: 'unpaid' });
    expect(changed.body.updated).toEqual(expect.any(Number));
    const again = await app.api(apiKey, 'POST', '/v1/settings/retry_policy', { on_exhausted: 'canceled' });
    expect(again.body).toMatchObject({ strategy: 'fixed', interval_days: 5, on_exhausted: 'canceled' });
    expect((await app.api(apiKey, 'GET', '/v1/settings/retry_policy')).body).toEqual(again.body);
  });

  it('switching back to smart drops retry_hard_declines, and asking for both at once is refused', async () => {
    const { apiKey } = await app.tenant({ name: 'Switch Gym' });
    const naive = await app.api(apiKey, 'POST', '/v1/settings/retry_policy', { strategy: 'fixed', retry_hard_declines: true });
    expect(naive.body).toMatchObject({ strategy: 'fixed', retry_hard_declines: true });
    const smart = await app.api(apiKey, 'POST', '/v1/settings/retry_policy', { strategy: 'smart' });
    expect(smart.body).toMatchObject({ strategy: 'smart', retry_hard_declines: false });
    const both = await app.api(apiKey, 'POST', '/v1/settings/retry_policy', { strategy: 'smart', retry_hard_declines: true });
    expect(both.status).toBe(400);
    expect(both.body.error).toMatchObject({ type: 'invalid_request_error', code: 'parameter_invalid', param: 'retry_hard_declines' });
  });

  it('rejects bad input with a 400 and changes nothing', async () => {
    const { apiKey } = await app.tenant({ name: 'Strict Gym' });
    const bad: [Record<string, unknown>, string][] = [
      [{ max_retries: 9 }, 'max_retries'],
      [{ max_retries: -1 }, 'max_retries'],
      [{ max_retries: 1.5 }, 'max_retries'],
      [{ window_days: 0 }, 'window_days'],
      [{ interval_days: 31 }, 'interval_days'],
      [{ strategy: 'aggressive' }, 'strategy'],
      [{ on_exhausted: 'deleted' }, 'on_exhausted'],
      [{ retry_hard_declines: 'yes' }, 'retry_hard_declines'],
      // Four retries every seven days do not fit in the default three-week window.
      [{ strategy: 'fixed', interval_days: 7 }, 'window_days'],
    ];
    for (const [body, param] of bad) {
      const res = await app.api(apiKey, 'POST', '/v1/settings/retry_policy', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.param, JSON.stringify(body)).toContain(param);
    }
    const unknown = await app.api(apiKey, 'POST', '/v1/settings/retry_policy', { max_attempts: 3 });
    expect(unknown.status).toBe(400);
    expect((await app.api(apiKey, 'GET', '/v1/settings/retry_policy')).body.updated).toBeNull();
    expect((await app.api(apiKey, 'POST', '/v1/settings/retry_policy', { strategy: 'fixed', interval_days: 7, window_days: 28 })).status).toBe(200);
  });

  it('needs an API key, and one business never sees or changes another business’s policy', async () => {
    expect((await app.api(null, 'GET', '/v1/settings/retry_policy')).status).toBe(401);
    expect((await app.api(null, 'POST', '/v1/settings/retry_policy', { strategy: 'fixed' })).status).toBe(401);
    const a = await app.tenant({ name: 'Business A' });
    const b = await app.tenant({ name: 'Business B' });
    await app.api(a.apiKey, 'POST', '/v1/settings/retry_policy', { strategy: 'fixed', max_retries: 2, on_exhausted: 'paused' });
    expect((await app.api(b.apiKey, 'GET', '/v1/settings/retry_policy')).body).toMatchObject({
      strategy: 'smart',
      max_retries: 4,
      on_exhausted: 'unpaid',
      updated: null,
    });
    await app.api(b.apiKey, 'POST', '/v1/settings/retry_policy', { on_exhausted: 'canceled' });
    expect((await app.api(a.apiKey, 'GET', '/v1/settings/retry_policy')).body).toMatchObject({ strategy: 'fixed', max_retries: 2, on_exhausted: 'paused' });
  });
});
