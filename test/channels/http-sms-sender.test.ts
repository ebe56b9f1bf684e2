import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PermanentDeliveryError, RetryableDeliveryError } from '../../src/channels/channel.ts';
import { createHttpSmsSender } from '../../src/channels/sms/http-sms-sender.ts';
import { type FakeSmsApi, json, startFakeSmsApi } from './support/fake-sms-api.ts';

const API_KEY = 'sk_test_sms_123';
const TEXT = 'Rēķins INV-0042: 1234,50 € · Hóa đơn · ใบแจ้งหนี้ · Հաշիվ';

describe('HTTP SMS sender against a local provider', () => {
  let api: FakeSmsApi;
  beforeAll(async () => {
    api = await startFakeSmsApi(API_KEY);
  });
  afterEach(() => api.reply(undefined));
  afterAll(() => api.close());

  const sender = () => createHttpSmsSender({ endpoint: api.endpoint, apiKey: API_KEY, from: 'StudioNord', timeoutMs: 500 });

  it('posts the message with the bearer key and the idempotency key, and returns the provider id', async () => {
    const result = await sender().send({ idempotencyKey: 'msg_sms1', to: '+37120000001', subject: 'ignored', text: TEXT });
    expect(result.providerMessageId).toMatch(/^sms_\d+$/);
    const request = api.requests.at(-1)!;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/v1/messages');
    expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(request.headers['idempotency-key']).toBe('msg_sms1');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.body).toEqual({ to: '+37120000001', from: 'StudioNord', text: TEXT });
  });

  it('gets the first answer back when a retry repeats the idempotency key', async () => {
    const first = await sender().send({ idempotencyKey: 'msg_twice', to: '+84901234567', text: 'Hello' });
    const second = await sender().send({ idempotencyKey: 'msg_twice', to: '+84901234567', text: 'Hello' });
    expect(second.providerMessageId).toBe(first.providerMessageId);
  });

  it('treats a wrong API key (401) as retryable, so fixing the setting lets queued messages go out', async () => {
    const error = await createHttpSmsSender({ endpoint: api.endpoint, apiKey: 'wrong', from: 'StudioNord' })
      .send({ idempotencyKey: 'm', to: '+37120000001', text: 'x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(PermanentDeliveryError);
    expect(String(error)).toContain('401: invalid API key');
  });

  it('treats a 400 as permanent', async () => {
    api.reply((_req, res) => json(res, 400, { error: { message: 'number is not reachable' } }));
    const sending = sender().send({ idempotencyKey: 'msg_400', to: '+66812345678', text: 'x' });
    await expect(sending).rejects.toBeInstanceOf(PermanentDeliveryError);
    await expect(sending).rejects.toThrow('number is not reachable');
  });

  it('treats a 500 as retryable', async () => {
    api.reply((_req, res) => json(res, 500, { message: 'upstream carrier down' }));
    const error = await sender()
      .send({ idempotencyKey: 'msg_500', to: '+37477123456', text: 'x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(PermanentDeliveryError);
    expect(String(error)).toContain('500: upstream carrier down');
  });

  it('treats 429 as retryable and passes on Retry-After', async () => {
    api.reply((_req, res) => {
      res.writeHead(429, { 'retry-after': '7', 'content-type': 'application/json' });
      res.end('{"message":"slow down"}');
    });
    const error = await sender()
      .send({ idempotencyKey: 'msg_429', to: '+37120000001', text: 'x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableDeliveryError);
    expect((error as RetryableDeliveryError).retryAfterMs).toBe(7000);
  });

  it('treats a provider that does not answer in time as retryable', async () => {
    api.reply(() => {}); // never answers
    const started = performance.now();
    const error = await sender()
      .send({ idempotencyKey: 'msg_slow', to: '+37120000001', text: 'x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(PermanentDeliveryError);
    expect(String(error)).toContain('no answer within 500 ms');
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('treats a provider that cannot be reached as retryable', async () => {
    const gone = await startFakeSmsApi(API_KEY);
    await gone.close();
    const error = await createHttpSmsSender({ endpoint: gone.endpoint, apiKey: API_KEY, from: 'StudioNord' })
      .send({ idempotencyKey: 'msg_down', to: '+37120000001', text: 'x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(PermanentDeliveryError);
    expect(String(error)).toMatch(/unreachable.*ECONNREFUSED/);
  });

  it('refuses a number that is not E.164 without calling the provider', async () => {
    const before = api.requests.length;
    for (const to of ['0720000001', '+0720000001', '+3712000000123456', '+371 2000 0001', 'client@example.com']) {
      await expect(sender().send({ idempotencyKey: 'msg_bad', to, text: 'x' })).rejects.toBeInstanceOf(PermanentDeliveryError);
    }
    expect(api.requests.length).toBe(before);
  });
});
