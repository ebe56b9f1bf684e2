import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type UploadedFile = { field: string; filename: string; content: Buffer };
export type BotApiCall = { method: string; token: string; params: Record<string, unknown>; files: UploadedFile[] };
export type BotApiAnswer = { status: number; body: unknown; delayMs?: number };

export type FakeTelegramApi = {
  /** Pass as grammY's `apiRoot`. */
  apiRoot: string;
  calls: BotApiCall[];
  /** Documents delivered by sendDocument, in order, with their bytes. */
  documents: { chatId: string; caption?: string; file: UploadedFile }[];
  /** Texts sent by sendMessage, in order, with the keyboard (reply_markup) they carried. */
  sent: { chatId: string; text: string; replyMarkup: Record<string, unknown> | undefined }[];
  /** Queues an update for getUpdates (long polling); without an `update_id` the next one is given. Returns the update. */
  pushUpdate(update: Record<string, unknown>): Record<string, unknown>;
  /** The webhook set with setWebhook (null after deleteWebhook or before any). */
  webhook: { url: string; secretToken: string | undefined } | null;
  /** Answer the next calls of `method` with this instead of the normal result. */
  override(method: string, answer: BotApiAnswer | undefined): void;
  close(): Promise<void>;
};

export type FakeTelegramOptions = { token: string; chats: string[]; blockedChats?: string[] };

/**
 * Answers sendMessage and sendDocument (JSON or multipart) the way the Telegram Bot API does,
 * and getMe, getUpdates (long polling over a queue the test fills; an offset confirms and drops
 * the updates before it), setWebhook and deleteWebhook (getUpdates is refused while a webhook is set).
 */
export async function startFakeTelegramApi(options: FakeTelegramOptions): Promise<FakeTelegramApi> {
  const calls: BotApiCall[] = [];
  const documents: FakeTelegramApi['documents'] = [];
  const sent: FakeTelegramApi['sent'] = [];
  const overrides = new Map<string, BotApiAnswer>();
  let nextMessageId = 100;
  let nextUpdateId = 5000;
  let queue: Record<string, unknown>[] = [];
  let wakeUp: (() => void)[] = [];
  const state: { webhook: FakeTelegramApi['webhook'] } = { webhook: null };
  const botId = Number(options.token.split(':')[0]);

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(req.url ?? '');
    if (!match) return answer(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const [, token = '', method = ''] = match;
    const { params, files } = parseBody(String(req.headers['content-type'] ?? ''), Buffer.concat(chunks));
    calls.push({ method, token, params, files });

    const forced = overrides.get(method);
    if (forced) {
      if (forced.delayMs) await new Promise((r) => setTimeout(r, forced.delayMs));
      return answer(res, forced.status, forced.body);
    }
    if (token !== options.token) return answer(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    if (method === 'getMe')
      return answer(res, 200, { ok: true, result: { id: botId, is_bot: true, first_name: 'Duly Test Bot', username: `duly_${botId}_bot` } });
    if (method === 'getUpdates') return getUpdates(res, params);
    if (method === 'setWebhook') {
      if (typeof params.url !== 'string' || !/^https?:\/\//.test(params.url)) return badRequest(res, 'bad webhook: an HTTP URL must be provided for webhook');
      state.webhook = { url: params.url, secretToken: typeof params.secret_token === 'string' ? params.secret_token : undefined };
      return answer(res, 200, { ok: true, result: true, description: 'Webhook was set' });
    }
    if (method === 'deleteWebhook') {
      state.webhook = null;
      return answer(res, 200, { ok: true, result: true, description: 'Webhook was deleted' });
    }
    const chatId = String(params.chat_id ?? '');
    if (options.blockedChats?.includes(chatId)) return answer(res, 403, { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    if (!options.chats.includes(chatId)) return answer(res, 400, { ok: false, error_code: 400, description: 'Bad Request: chat not found' });

    const message = { message_id: nextMessageId++, from: { id: 1, is_bot: true, first_name: 'Duly' }, chat: { id: Number(chatId), type: 'private' }, date: 1 };
    if (method === 'sendMessage') {
      if (typeof params.text !== 'string' || params.text.length === 0) return badRequest(res, 'message text is empty');
      if (params.text.length > 4096) return badRequest(res, 'message is too long');
      sent.push({ chatId, text: params.text, replyMarkup: params.reply_markup as Record<string, unknown> | undefined });
      return answer(res, 200, { ok: true, result: { ...message, text: params.text } });
    }
    if (method === 'sendDocument') {
      const ref = String(params.document ?? '');
      const file = ref.startsWith('attach://') ? files.find((f) => f.field === ref.slice('attach://'.length)) : files.find((f) => f.field === 'document');
      if (!file) return badRequest(res, 'there is no document in the request');
      const caption = typeof params.caption === 'string' ? params.caption : undefined;
      if (caption && caption.length > 1024) return badRequest(res, 'message caption is too long');
      documents.push({ chatId, caption, file });
      const document = {
        file_id: `doc${message.message_id}`,
        file_unique_id: `u${message.message_id}`,
        file_name: file.filename,
        file_size: file.content.length,
      };
      return answer(res, 200, { ok: true, result: { ...message, document, ...(caption ? { caption } : {}) } });
    }
    answer(res, 404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
  });

  async function getUpdates(res: ServerResponse, params: Record<string, unknown>): Promise<void> {
    if (state.webhook)
      return answer(res, 409, {
        ok: false,
        error_code: 409,
        description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      });
    const offset = params.offset === undefined ? undefined : Number(params.offset);
    const limit = Number(params.limit ?? 100);
    // Like Telegram: asking from an offset confirms every update before it, which is then gone.
    if (offset !== undefined) queue = queue.filter((u) => Number(u.update_id) >= offset);
    if (queue.length === 0 && Number(params.timeout ?? 0) > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(Number(params.timeout), 5) * 1000);
        wakeUp.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    const result = queue.filter((u) => offset === undefined || Number(u.update_id) >= offset).slice(0, limit);
    answer(res, 200, { ok: true, result });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiRoot: `http://127.0.0.1:${port}`,
    calls,
    documents,
    sent,
    get webhook() {
      return state.webhook;
    },
    pushUpdate(update) {
      const queued = { ...update, update_id: update.update_id ?? nextUpdateId++ };
      queue.push(queued);
      const waiting = wakeUp;
      wakeUp = [];
      for (const wake of waiting) wake();
      return queued;
    },
    override(method, value) {
      if (value) overrides.set(method, value);
      else overrides.delete(method);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const wake of wakeUp) wake();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function badRequest(res: ServerResponse, reason: string): void {
  answer(res, 400, { ok: false, error_code: 400, description: `Bad Request: ${reason}` });
}

function parseBody(contentType: string, body: Buffer): { params: Record<string, unknown>; files: UploadedFile[] } {
  if (contentType.startsWith('application/json')) return { params: JSON.parse(body.toString('utf8') || '{}'), files: [] };
  const boundary = /boundary=([^;]+)/.exec(contentType)?.[1];
  if (!contentType.startsWith('multipart/form-data') || !boundary) return { params: {}, files: [] };
  const params: Record<string, unknown> = {};
  const files: UploadedFile[] = [];
  for (const part of splitMultipart(body, boundary)) {
    const field = /name="([^"]*)"/i.exec(part.head)?.[1] ?? '';
    const filename = /filename="?([^";\r\n]*)"?/i.exec(part.head)?.[1];
    if (filename === undefined) params[field] = part.content.toString('utf8');
    else files.push({ field, filename, content: Buffer.from(part.content) });
  }
  return { params, files };
}

function splitMultipart(body: Buffer, boundary: string): { head: string; content: Buffer }[] {
  const opening = Buffer.from(`--${boundary}`);
  const between = Buffer.from(`\r\n--${boundary}`);
  const parts: { head: string; content: Buffer }[] = [];
  let at = body.indexOf(opening);
  if (at === -1) return parts;
  at += opening.length;
  while (body.subarray(at, at + 2).toString() === '\r\n') {
    const headEnd = body.indexOf('\r\n\r\n', at);
    const end = body.indexOf(between, headEnd);
    if (headEnd === -1 || end === -1) break;
    parts.push({ head: body.subarray(at + 2, headEnd).toString('utf8'), content: body.subarray(headEnd + 4, end) });
    at = end + between.length;
  }
  return parts;
}
