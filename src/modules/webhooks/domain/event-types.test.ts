import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, endpointWants } from './event-types.ts';

const SRC = fileURLToPath(new URL('../../../', import.meta.url));

/** Every topic literal handed to enqueueOutbox / outboxRow anywhere in src/. */
function emittedTopics(): Set<string> {
  const topics = new Set<string>();
  const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  for (const file of files) {
    const text = readFileSync(join(SRC, file), 'utf8');
    for (const m of text.matchAll(/(?:enqueueOutbox\(\s*\w+,|outboxRow\()\s*[\w.]+,\s*'([a-z_.]+)'/g)) topics.add(m[1]!);
  }
  return topics;
}

describe('webhook event types', () => {
  const emitted = emittedTopics();

  it('lists only topics the code actually emits', () => {
    expect(EVENT_TYPES.filter((t) => !emitted.has(t))).toEqual([]);
  });

  it('lists every billing topic the code emits, so a new invoice/payment/subscription event cannot be forgotten', () => {
    const families = new Set(EVENT_TYPES.map((t) => t.split('.')[0]));
    const missing = [...emitted].filter((t) => families.has(t.split('.')[0]) && !(EVENT_TYPES as readonly string[]).includes(t));
    expect(missing).toEqual([]);
  });

  it('matches an endpoint by its list or by "*", and never an internal topic', () => {
    expect(endpointWants(['invoice.paid'], 'invoice.paid')).toBe(true);
    expect(endpointWants(['invoice.paid'], 'payment.failed')).toBe(false);
    expect(endpointWants(['*'], 'payment.failed')).toBe(true);
    expect(endpointWants(['*'], 'message.send')).toBe(false);
  });
});
