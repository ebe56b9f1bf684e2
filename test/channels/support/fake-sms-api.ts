import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type SmsRequest = { method: string; url: string; headers: IncomingMessage['headers']; body: unknown };
type Reply = (request: SmsRequest, res: ServerResponse) => void;

export type FakeSmsApi = {
  endpoint: string;
  requests: SmsRequest[];
  /** Replaces the default answer (201 `{id}`, the same id again for a repeated Idempotency-Key). */
  reply(handler: Reply | undefined): void;
  close(): Promise<void>;
};

/** A local HTTP SMS provider in the style of the common APIs. */
export async function startFakeSmsApi(apiKey: string): Promise<FakeSmsApi> {
  const requests: SmsRequest[] = [];
  const idsByKey = new Map<string, string>();
  let custom: Reply | undefined;
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {}
    const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
    requests.push(request);
    if (custom) return custom(request, res);
    if (req.headers.authorization !== `Bearer ${apiKey}`) return json(res, 401, { error: { message: 'invalid API key' } });
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string') return json(res, 400, { error: { message: 'Idempotency-Key required' } });
    const id = idsByKey.get(key) ?? `sms_${idsByKey.size + 1}`;
    idsByKey.set(key, id);
    json(res, 201, { id, status: 'queued' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/v1/messages`,
    requests,
    reply(handler) {
      custom = handler;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
