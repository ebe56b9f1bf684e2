import { and, eq, lt } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { batchUids, type ImapAccount, ImapInbox, type RawMail, toIntakeMessage, unreadableMessage } from '../../../channels/email/imap-inbox.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { resolveLocale, translator } from '../../../platform/i18n/index.ts';
import { decryptSecret } from '../../../platform/secrets.ts';
import { loadTenant, type TenantContext } from '../../tenants/index.ts';
import { intakeMailboxes } from '../db/schema.ts';
import type { IntakeOutcome } from '../domain/intake-message.ts';
import { getMailbox, type MailboxRow } from './list-mailboxes.ts';
import { receiveIntakeMessage } from './receive-intake-message.ts';

export type PollOptions = {
  /** Stops between two messages (shutdown); what was imported so far stays recorded. */
  signal?: AbortSignal;
  /** One FETCH holds at most this many messages ... */
  batchMessages?: number;
  /** ... and about this many bytes (a larger message is fetched alone). */
  batchBytes?: number;
};

export type PollResult = {
  mailboxId: string;
  /** Messages taken from the server in this poll, whatever became of them. */
  fetched: number;
  outcomes: Record<IntakeOutcome['outcome'], number>;
  lastUid: number;
  error: string | null;
};

/**
 * One poll of one mailbox: every message above the last recorded UID goes to the intake, oldest
 * first, and the UID is recorded after each one. No transaction is open while the server is
 * talked to, so a dropped connection or a crash loses nothing: the next poll resumes after the
 * last recorded UID, and a message imported but not yet recorded is a harmless repeat (its
 * Message-ID is already known).
 */
export async function pollMailbox(ctx: AppContext, tenant: TenantContext, mailboxId: string, options: PollOptions = {}): Promise<PollResult> {
  const mailbox = await getMailbox(ctx, tenant, mailboxId);
  const result: PollResult = {
    mailboxId,
    fetched: 0,
    outcomes: { opened: 0, appended: 0, review: 0, blocked: 0, duplicate: 0 },
    lastUid: mailbox.lastUid,
    error: null,
  };
  let inbox: ImapInbox | null = null;
  try {
    inbox = await ImapInbox.open(accountOf(mailbox));
    result.lastUid = await startingUid(ctx, tenant, mailbox, inbox.state.uidValidity);
    const batches = batchUids(await inbox.uidsAfter(result.lastUid), options.batchMessages ?? 50, options.batchBytes ?? 20 * 1024 * 1024);
    for (const batch of batches) {
      if (options.signal?.aborted) break;
      const mails = await inbox.fetch(batch);
      const current = await loadTenant(ctx, tenant.id);
      for (const mail of mails) {
        if (options.signal?.aborted) break;
        const outcome = await importMail(ctx, current, mailbox, mail);
        result.outcomes[outcome.outcome]++;
        result.fetched++;
        if (!(await recordUid(ctx, tenant, mailbox.id, inbox.state.uidValidity, mail.uid))) return result; // deleted, pointed elsewhere, or another poll is ahead
        result.lastUid = mail.uid;
      }
    }
  } catch (error) {
    result.error = ((error as Error).message || String(error)).slice(0, 500);
  } finally {
    await inbox?.close();
  }
  await recordPoll(ctx, tenant, mailbox.id, result.error);
  return result;
}

export function accountOf(mailbox: MailboxRow): ImapAccount {
  return {
    host: mailbox.host,
    port: mailbox.port,
    secure: mailbox.secure,
    username: mailbox.username,
    password: decryptSecret(mailbox.password),
    folder: mailbox.folder,
  };
}

/**
 * The last UID already imported. A new UIDVALIDITY means the server renumbered the folder (it was
 * rebuilt or restored): every message is read again and the Message-IDs keep out the repeats.
 */
async function startingUid(ctx: AppContext, tenant: TenantContext, mailbox: MailboxRow, uidValidity: number): Promise<number> {
  if (mailbox.uidValidity === uidValidity) return mailbox.lastUid;
  const lastUid = mailbox.uidValidity === null ? mailbox.lastUid : 0;
  await inTenantTx(ctx.db, tenant.id, (tx) =>
    tx
      .update(intakeMailboxes)
      .set({ uidValidity, lastUid })
      .where(and(eq(intakeMailboxes.tenantId, tenant.id), eq(intakeMailboxes.id, mailbox.id))),
  );
  return lastUid;
}

/**
 * Hands one email to the intake. Should the intake refuse what the parser made of it, the email
 * still arrives, as "could not be read" with its source attached: one bad email must neither stop
 * the mailbox nor disappear. A second refusal (the database is down) ends the poll before its UID
 * is recorded, so the next poll tries it again.
 */
async function importMail(ctx: AppContext, tenant: TenantContext, mailbox: MailboxRow, mail: RawMail): Promise<IntakeOutcome> {
  const parseOptions = {
    mailboxId: mailbox.id,
    now: tenant.now,
    unreadableText: translator(resolveLocale(null, tenant.locale))('intake-email:unreadable'),
  };
  const message = await toIntakeMessage(mail, parseOptions);
  try {
    return await receiveIntakeMessage(ctx, tenant, message);
  } catch (error) {
    const fallback = unreadableMessage(mail, parseOptions);
    if (fallback.externalId === message.externalId && fallback.text === message.text) throw error;
    return receiveIntakeMessage(ctx, tenant, fallback);
  }
}

/** Moves the mark forward unless the mailbox was deleted or pointed elsewhere during the poll. */
async function recordUid(ctx: AppContext, tenant: TenantContext, mailboxId: string, uidValidity: number, uid: number): Promise<boolean> {
  const updated = await inTenantTx(ctx.db, tenant.id, (tx) =>
    tx
      .update(intakeMailboxes)
      .set({ lastUid: uid })
      .where(
        and(
          eq(intakeMailboxes.tenantId, tenant.id),
          eq(intakeMailboxes.id, mailboxId),
          eq(intakeMailboxes.uidValidity, uidValidity),
          lt(intakeMailboxes.lastUid, uid),
        ),
      )
      .returning({ id: intakeMailboxes.id }),
  );
  return updated.length > 0;
}

async function recordPoll(ctx: AppContext, tenant: TenantContext, mailboxId: string, error: string | null): Promise<void> {
  await inTenantTx(ctx.db, tenant.id, (tx) =>
    tx
      .update(intakeMailboxes)
      .set({ lastPolledAt: ctx.clock.now(), lastError: error })
      .where(and(eq(intakeMailboxes.tenantId, tenant.id), eq(intakeMailboxes.id, mailboxId))),
  );
}
