import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { expectError, expectOk } from './helpers.ts';

const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

describe('business settings from the back office', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.stop();
  });

  it('changes the default currency and the time zone, refusing unknown ones', async () => {
    const { apiKey } = await app.tenant({ currency: 'usd', timezone: 'UTC' });
    expectError(await app.api(apiKey, 'POST', '/v1/business', { timezone: 'Mars/Olympus' }), 400, 'timezone_unknown', 'timezone');
    expectError(await app.api(apiKey, 'POST', '/v1/business', { currency: 'zzz' }), 400, 'currency_unknown', 'currency');
    expect(expectOk(await app.api(apiKey, 'GET', '/v1/business'))).toMatchObject({ currency: 'usd', timezone: 'UTC' });
    const saved = expectOk(await app.api(apiKey, 'POST', '/v1/business', { currency: 'EUR', timezone: 'Europe/Riga' }));
    expect(saved).toMatchObject({ currency: 'eur', timezone: 'Europe/Riga' });
    expect((await app.reload(saved.id)).timezone).toBe('Europe/Riga');
  });

  it('serves the saved logo as an image and 404s when there is none', async () => {
    const { apiKey } = await app.tenant();
    expectError(await app.api(apiKey, 'GET', '/v1/business/logo'), 404, 'resource_missing');
    expectOk(await app.api(apiKey, 'POST', '/v1/business', { logo_base64: PNG_1X1 }));
    const res = await app.server.inject({ method: 'GET', url: '/v1/business/logo', headers: { authorization: `Bearer ${apiKey}` } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.rawPayload.equals(Buffer.from(PNG_1X1, 'base64'))).toBe(true);
  });
});
