import { signatureHeader } from '../domain/signature.ts';

export type PostOutcome = { ok: boolean; status: number | null; error: string | null; durationMs: number };

export const WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * One HTTP POST of a signed event. Redirects are not followed (a 3xx is a failed attempt) and the
 * response body is not read: only the status matters, and a receiver cannot make us store its content.
 */
export async function postToEndpoint(input: { url: string; secret: string; eventId: string; body: string; signedAt: Date }): Promise<PostOutcome> {
  const started = performance.now();
  const timestamp = Math.floor(input.signedAt.getTime() / 1000);
  const took = () => Math.round(performance.now() - started);
  try {
    const response = await fetch(input.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Duly-Webhooks/1',
        'duly-signature': signatureHeader(input.secret, timestamp, input.body),
        'duly-event-id': input.eventId,
      },
      body: input.body,
    });
    await response.body?.cancel();
    const ok = response.status >= 200 && response.status < 300;
    return { ok, status: response.status, error: ok ? null : `The endpoint answered HTTP ${response.status}.`, durationMs: took() };
  } catch (error) {
    return { ok: false, status: null, error: describeFailure(error), durationMs: took() };
  }
}

function describeFailure(error: unknown): string {
  const e = error as Error & { cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError') return `No answer within ${WEBHOOK_TIMEOUT_MS / 1000} seconds.`;
  const cause = e.cause?.code ?? e.cause?.message;
  return cause ? `${e.message} (${cause})` : e.message;
}
