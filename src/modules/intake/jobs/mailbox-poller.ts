import { asc, eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inSystemTx } from '../../../platform/db/tx.ts';
import { loadTenant } from '../../tenants/index.ts';
import { type PollOptions, type PollResult, pollMailbox } from '../app/poll-mailbox.ts';
import { intakeMailboxes } from '../db/schema.ts';

const DEFAULT_POLL_SECONDS = 60;

/** DULY_IMAP_POLL_SECONDS: how long the poller rests between two rounds (default 60). */
export function imapPollIntervalMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.DULY_IMAP_POLL_SECONDS;
  if (raw === undefined || raw.trim() === '') return DEFAULT_POLL_SECONDS * 1000;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < 1) throw new Error(`DULY_IMAP_POLL_SECONDS must be a number of seconds, at least 1 (got "${raw}")`);
  return Math.round(seconds * 1000);
}

/** One round: every enabled mailbox of every business, one after the other. */
export async function pollAllMailboxes(ctx: AppContext, options: PollOptions = {}): Promise<PollResult[]> {
  const mailboxes = await inSystemTx(ctx.db, (tx) =>
    tx
      .select({ tenantId: intakeMailboxes.tenantId, id: intakeMailboxes.id })
      .from(intakeMailboxes)
      .where(eq(intakeMailboxes.enabled, true))
      .orderBy(asc(intakeMailboxes.tenantId), asc(intakeMailboxes.id)),
  );
  const results: PollResult[] = [];
  for (const { tenantId, id } of mailboxes) {
    if (options.signal?.aborted) break;
    try {
      results.push(await pollMailbox(ctx, await loadTenant(ctx, tenantId), id, options));
    } catch (error) {
      // Deleted since the list was read, or the database failed: the other mailboxes still get their turn.
      results.push({
        mailboxId: id,
        fetched: 0,
        outcomes: { opened: 0, appended: 0, review: 0, blocked: 0, duplicate: 0 },
        lastUid: 0,
        error: (error as Error).message,
      });
    }
  }
  return results;
}

/**
 * The IMAP poller of `duly start`: a round, then a rest of `intervalMs`, until stopped. Rounds never
 * overlap, so a mailbox is never polled twice at once by this process. Stopping lets the message
 * in hand finish, records where the poll got to, and closes the connection.
 */
export function startMailboxPoller(ctx: AppContext, intervalMs: number, log: (message: string, error?: unknown) => void): () => Promise<void> {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const round = async () => {
    try {
      for (const result of await pollAllMailboxes(ctx, { signal: abort.signal })) {
        if (result.error) log(`mailbox ${result.mailboxId}: ${result.error}`);
        else if (result.fetched > 0) log(`mailbox ${result.mailboxId}: ${result.fetched} new emails (${JSON.stringify(result.outcomes)})`);
      }
    } catch (error) {
      log('mailbox poll round failed', error);
    }
    if (!abort.signal.aborted) {
      timer = setTimeout(() => {
        running = round();
      }, intervalMs);
    }
  };
  running = round();
  return async () => {
    abort.abort();
    if (timer) clearTimeout(timer);
    await running;
  };
}
