import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lowercase

let lastMs = 0;
let sequence = 0;

/**
 * Prefixed, time-sortable ids (`cus_01j...`): 10 chars of milliseconds, 4 of a per-ms sequence
 * so ids made in the same millisecond still sort in creation order, then 10 random chars.
 */
export function newId(prefix: string): string {
  const ms = Date.now();
  if (ms === lastMs) sequence++;
  else {
    lastMs = ms;
    sequence = 0;
  }
  let time = '';
  let t = ms;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  let seq = '';
  let s = sequence;
  for (let i = 0; i < 4; i++) {
    seq = ALPHABET[s % 32] + seq;
    s = Math.floor(s / 32);
  }
  const random = [...randomBytes(10)].map((b) => ALPHABET[b % 32]).join('');
  return `${prefix}_${time}${seq}${random}`;
}
