import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { enqueueOutbox } from '../../../platform/db/outbox.ts';
import { inTenantTx, type Tx } from '../../../platform/db/tx.ts';
import { newId } from '../../../platform/ids.ts';
import { customers } from '../../customers/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { intakeBlockedSenders, intakeMessages, intakeRequests } from '../db/schema.ts';
import { normaliseEmail } from '../domain/client-matching.ts';
import type { IntakeMessage, IntakeOutcome } from '../domain/intake-message.ts';
import { isOpenRequest, type RequestState, transitionRequest } from '../domain/request.machine.ts';
import { clientForNewSender, matchSender } from './find-client.ts';
import { intakeSettingsOf } from './intake-settings.ts';
import { announceNotifications, notifyStaff, reviewers } from './notify-staff.ts';
import { routeRequest } from './route-request.ts';
import { storeIntakeMessage } from './store-intake-message.ts';

type RequestRow = typeof intakeRequests.$inferSelect;

/**
 * Takes one inbound message from any channel (web form, mailbox, Telegram) in one transaction:
 * a repeat is a no-op, a blocked sender is dropped, a reply joins its thread, a known client's
 * message opens a request routed to the right employee, an unknown sender waits for review or
 * becomes a client, as the channel asks. Staff are notified once it has committed.
 */
export async function receiveIntakeMessage(ctx: AppContext, tenant: TenantContext, message: IntakeMessage): Promise<IntakeOutcome> {
  try {
    const outcome = await inTenantTx(ctx.db, tenant.id, (tx) => receiveInTx(tx, tenant, message));
    if (outcome.outcome !== 'duplicate' && outcome.outcome !== 'blocked') announceNotifications(tenant.id);
    return outcome;
  } catch (error) {
    // Two pollers importing the same message at once: the unique key lets one win; the other is a repeat.
    const existing = await findImported(ctx, tenant.id, message);
    if (existing) return existing;
    throw error;
  }
}

async function receiveInTx(tx: Tx, tenant: TenantContext, message: IntakeMessage): Promise<IntakeOutcome> {
  const imported = await importedMessage(tx, tenant.id, message);
  if (imported) return { outcome: 'duplicate', requestId: imported.requestId, customerId: null, assigneeUserId: null };
  if (await isBlocked(tx, tenant.id, message)) return { outcome: 'blocked', requestId: null, customerId: null, assigneeUserId: null };
  await intakeSettingsOf(tx, tenant.id);

  const thread = await openThreadFor(tx, tenant.id, message);
  if (thread) return appendToRequest(tx, tenant, thread, message);

  const match = await matchSender(tx, tenant.id, message.sender);
  if (match.kind === 'existing') {
    const chat = await openChatOf(tx, tenant.id, match.customerId, message);
    if (chat) return appendToRequest(tx, tenant, chat, message);
    return openRequest(tx, tenant, message, { customerId: match.customerId, unverifiedMatch: false, possibleDuplicates: [] });
  }
  const possibleDuplicates = match.possibleDuplicates.map((d) => ({ customer_id: d.customerId, reasons: d.reasons }));
  if (message.unknownSender === 'review') return openReview(tx, tenant, message, possibleDuplicates);
  const client = await clientForNewSender(tx, tenant, message.sender, match);
  return openRequest(tx, tenant, message, {
    ...client,
    possibleDuplicates: possibleDuplicates.filter((d) => d.customer_id !== client.customerId),
  });
}

async function importedMessage(tx: Tx, tenantId: string, message: IntakeMessage) {
  const [row] = await tx
    .select({ requestId: intakeMessages.requestId })
    .from(intakeMessages)
    .where(and(eq(intakeMessages.tenantId, tenantId), eq(intakeMessages.channel, message.channel), eq(intakeMessages.externalId, message.externalId)));
  return row;
}

async function findImported(ctx: AppContext, tenantId: string, message: IntakeMessage): Promise<IntakeOutcome | null> {
  const row = await inTenantTx(ctx.db, tenantId, (tx) => importedMessage(tx, tenantId, message));
  return row ? { outcome: 'duplicate', requestId: row.requestId, customerId: null, assigneeUserId: null } : null;
}

export function senderAddresses(sender: IntakeMessage['sender']): string[] {
  return [sender.email ? `email:${normaliseEmail(sender.email)}` : null, sender.phone ? `phone:${sender.phone}` : null].filter((a) => a !== null);
}

async function isBlocked(tx: Tx, tenantId: string, message: IntakeMessage): Promise<boolean> {
  const addresses = senderAddresses(message.sender);
  if (addresses.length === 0) return false;
  const [row] = await tx
    .select({ address: intakeBlockedSenders.address })
    .from(intakeBlockedSenders)
    .where(and(eq(intakeBlockedSenders.tenantId, tenantId), inArray(intakeBlockedSenders.address, addresses)))
    .limit(1);
  return row !== undefined;
}

/** The request whose messages this one answers (email In-Reply-To / References), unless it was spam. */
async function openThreadFor(tx: Tx, tenantId: string, message: IntakeMessage): Promise<RequestRow | null> {
  const refs = [...new Set(message.threadRefs ?? [])].filter((ref) => ref.length > 0);
  if (refs.length === 0) return null;
  const [row] = await tx
    .select({ request: intakeRequests })
    .from(intakeMessages)
    .innerJoin(intakeRequests, and(eq(intakeRequests.tenantId, intakeMessages.tenantId), eq(intakeRequests.id, intakeMessages.requestId)))
    .where(and(eq(intakeMessages.tenantId, tenantId), eq(intakeMessages.channel, message.channel), inArray(intakeMessages.externalId, refs)))
    .orderBy(desc(intakeMessages.receivedAt))
    .limit(1);
  if (!row || row.request.state === 'spam') return null;
  return (await fromThreadParticipant(tx, tenantId, row.request, message)) ? row.request : null;
}

/**
 * Message-IDs are not secret: a reference joins the thread only when the mail comes from the
 * request's sender or its client, so a stranger quoting one cannot write into someone's request.
 */
async function fromThreadParticipant(tx: Tx, tenantId: string, request: RequestRow, message: IntakeMessage): Promise<boolean> {
  const from = message.sender.email ? normaliseEmail(message.sender.email) : null;
  if (!from) return false;
  if ((request.sender as Record<string, string | null>).email === from) return true;
  if (!request.customerId) return false;
  const [client] = await tx
    .select({ email: customers.email })
    .from(customers)
    .where(and(eq(customers.tenantId, tenantId), eq(customers.id, request.customerId)));
  return client?.email ? normaliseEmail(client.email) === from : false;
}

/** A chat goes on in the client's open chat request rather than opening one per message. */
async function openChatOf(tx: Tx, tenantId: string, customerId: string, message: IntakeMessage): Promise<RequestRow | null> {
  if (message.kind !== 'chat') return null;
  const candidates = await tx
    .select()
    .from(intakeRequests)
    .where(
      and(
        eq(intakeRequests.tenantId, tenantId),
        eq(intakeRequests.customerId, customerId),
        eq(intakeRequests.channel, message.channel),
        eq(intakeRequests.kind, 'chat'),
      ),
    )
    .orderBy(desc(intakeRequests.lastMessageAt))
    .limit(5);
  return candidates.find((request) => isOpenRequest(request.state as RequestState)) ?? null;
}

function titleOf(message: IntakeMessage): string {
  const who = message.sender.name?.trim() || message.sender.email || message.sender.phone || '';
  return [who, message.subject?.trim()].filter(Boolean).join(' — ');
}

function requestRow(tenant: TenantContext, message: IntakeMessage, state: RequestState) {
  return {
    tenantId: tenant.id,
    id: newId('req'),
    kind: message.kind,
    channel: message.channel,
    state,
    subject: message.subject?.slice(0, 500) ?? null,
    sender: {
      name: message.sender.name ?? null,
      email: message.sender.email ? normaliseEmail(message.sender.email) : null,
      phone: message.sender.phone ?? null,
      telegram_chat_id: message.sender.telegramChatId ?? null,
      locale: message.sender.locale ?? null,
    },
    fields: { ...(message.fields ?? {}) },
    lastMessageAt: message.receivedAt,
    createdAt: tenant.now,
    updatedAt: tenant.now,
  };
}

async function openRequest(
  tx: Tx,
  tenant: TenantContext,
  message: IntakeMessage,
  client: { customerId: string; unverifiedMatch: boolean; possibleDuplicates: { customer_id: string; reasons: string[] }[] },
): Promise<IntakeOutcome> {
  const row = {
    ...requestRow(tenant, message, 'new'),
    customerId: client.customerId,
    unverifiedMatch: client.unverifiedMatch,
    possibleDuplicates: client.possibleDuplicates,
  };
  await tx.insert(intakeRequests).values(row);
  await storeIntakeMessage(tx, tenant, row.id, message);
  const decision = await routeRequest(tx, tenant, { id: row.id, customerId: client.customerId });
  if (decision.assigneeId) await notifyStaff(tx, tenant, [decision.assigneeId], { kind: 'request_assigned', requestId: row.id, title: titleOf(message) });
  await enqueueOutbox(
    tx,
    tenant.id,
    'request.created',
    { object: 'request', id: row.id, customer_id: client.customerId, channel: message.channel, kind: message.kind, assignee_user_id: decision.assigneeId },
    tenant.now,
  );
  return { outcome: 'opened', requestId: row.id, customerId: client.customerId, assigneeUserId: decision.assigneeId };
}

async function openReview(
  tx: Tx,
  tenant: TenantContext,
  message: IntakeMessage,
  possibleDuplicates: { customer_id: string; reasons: string[] }[],
): Promise<IntakeOutcome> {
  const row = { ...requestRow(tenant, message, 'review'), customerId: null, possibleDuplicates };
  await tx.insert(intakeRequests).values(row);
  await storeIntakeMessage(tx, tenant, row.id, message);
  await notifyStaff(tx, tenant, await reviewers(tx, tenant.id), { kind: 'review_waiting', requestId: row.id, title: titleOf(message) });
  return { outcome: 'review', requestId: row.id, customerId: null, assigneeUserId: null };
}

/** A reply joins its request; a finished one opens again with the same employee. */
async function appendToRequest(tx: Tx, tenant: TenantContext, request: RequestRow, message: IntakeMessage): Promise<IntakeOutcome> {
  await storeIntakeMessage(tx, tenant, request.id, message);
  const state = request.state === 'done' ? transitionRequest('done', 'reopen') : (request.state as RequestState);
  await tx
    .update(intakeRequests)
    .set({
      state,
      closedAt: state === 'done' ? request.closedAt : null,
      lastMessageAt: sql`greatest(${intakeRequests.lastMessageAt}, ${message.receivedAt.toISOString()}::timestamptz)`,
      updatedAt: tenant.now,
    })
    .where(and(eq(intakeRequests.tenantId, tenant.id), eq(intakeRequests.id, request.id)));
  if (state === 'review') return { outcome: 'review', requestId: request.id, customerId: null, assigneeUserId: null };
  let assignee = request.assigneeUserId;
  if (!assignee && request.customerId) assignee = (await routeRequest(tx, tenant, { id: request.id, customerId: request.customerId })).assigneeId;
  if (assignee) await notifyStaff(tx, tenant, [assignee], { kind: 'request_message', requestId: request.id, title: titleOf(message) });
  return { outcome: 'appended', requestId: request.id, customerId: request.customerId!, assigneeUserId: assignee };
}
