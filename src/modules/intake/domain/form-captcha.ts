import { createHash } from 'node:crypto';

/**
 * How much proof of work a form's captcha asks for (ALTCHA PoW v2, deterministic mode): the
 * browser derives PBKDF2 keys (`cost` iterations each) for counters 0, 1, 2 ... until it reaches
 * the one the server picked at random in [counterMin, counterMax]. The server checks the answer
 * with one HMAC. One derivation at cost 5,000 takes about 1.1 ms of CPU (Node, x86), so ALTCHA's
 * example range 5,000-10,000 means about 8 CPU-seconds: 4 s on two cores, longer on a phone. The
 * default asks for 1,500-3,000 (about 2.5 CPU-seconds, a second or two with the widget's workers);
 * the hourly limits do the rest against floods. DULY_CAPTCHA_COST / DULY_CAPTCHA_COUNTER_MAX
 * change it (tests make it tiny).
 */
export type CaptchaPolicy = {
  algorithm: 'PBKDF2/SHA-256';
  cost: number;
  counterMin: number;
  counterMax: number;
  /** How long a challenge may take from being issued to being submitted with the form. */
  ttlSeconds: number;
};

export const DEFAULT_CAPTCHA_POLICY: CaptchaPolicy = { algorithm: 'PBKDF2/SHA-256', cost: 5_000, counterMin: 1_500, counterMax: 3_000, ttlSeconds: 600 };

function positive(value: string | undefined, fallback: number): number {
  const parsed = value === undefined ? Number.NaN : Number(value);
  return Number.isInteger(parsed) && parsed > 0 ? parsed : fallback;
}

export function captchaPolicyFrom(env: Record<string, string | undefined>): CaptchaPolicy {
  const counterMax = positive(env.DULY_CAPTCHA_COUNTER_MAX, DEFAULT_CAPTCHA_POLICY.counterMax);
  return {
    ...DEFAULT_CAPTCHA_POLICY,
    cost: positive(env.DULY_CAPTCHA_COST, DEFAULT_CAPTCHA_POLICY.cost),
    counterMin: Math.ceil(counterMax / 2),
    counterMax,
  };
}

export type CaptchaPayload = {
  challenge: { parameters: Record<string, unknown> & { expiresAt?: number; data?: Record<string, unknown> }; signature: string };
  solution: { counter: number; derivedKey: string };
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The widget's field: base64 of `{ challenge, solution }`. Anything else is no solution at all. */
export function parseCaptchaPayload(raw: unknown): CaptchaPayload | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 4_000) return null;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(raw, 'base64').toString('utf8'));
  } catch {
    return null;
  }
  if (!isRecord(decoded) || !isRecord(decoded.challenge) || !isRecord(decoded.solution)) return null;
  const { parameters, signature } = decoded.challenge;
  const { counter, derivedKey } = decoded.solution;
  if (!isRecord(parameters) || typeof signature !== 'string' || typeof counter !== 'number' || typeof derivedKey !== 'string') return null;
  if (parameters.data !== undefined && !isRecord(parameters.data)) return null;
  return { challenge: { parameters, signature }, solution: { counter, derivedKey } };
}

/** What is remembered of a used challenge: its signature is unique per challenge, and a hash is enough to recognise it. */
export function solutionKey(payload: CaptchaPayload): string {
  return createHash('sha256').update(payload.challenge.signature).digest('hex');
}
