import { and, asc, desc, eq, inArray, isNull, lt, type SQL, sql } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx, type Tx } from '../../../platform/db/tx.ts';
import { notFound } from '../../../platform/errors.ts';
import { customers } from '../../customers/index.ts';
import { users } from '../../staff/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { intakeAttachments, intakeMessages, intakeRequests } from '../db/schema.ts';
import { REQUEST_STATES, type RequestState } from '../domain/request.machine.ts';

export type RequestFilter = {
  /** A state, or `open` for everything someone still has to deal with. */
  state?: RequestState | 'open';
  /** `none` for unassigned; a user id otherwise (the route turns `me` into the caller's id). */
  assignee?: string;
  channel?: string;
  customer?: string;
  limit: number;
  startingAfter?: string;
};

const OPEN: RequestState[] = REQUEST_STATES.filter((s) => s === 'new' || s === 'accepted' || s === 'assigned' || s === 'in_progress');

/** Requests newest first, with the client's and the assignee's names for the inbox. */
export async function listRequests(ctx: AppContext, tenant: TenantContext, filter: RequestFilter) {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const conditions: (SQL | undefined)[] = [eq(intakeRequests.tenantId, tenant.id)];
    if (filter.state === 'open') conditions.push(inArray(intakeRequests.state, OPEN));
    else if (filter.state) conditions.push(eq(intakeRequests.state, filter.state));
    if (filter.assignee === 'none') conditions.push(isNull(intakeRequests.assigneeUserId));
    else if (filter.assignee) conditions.push(eq(intakeRequests.assigneeUserId, filter.assignee));
    if (filter.channel) conditions.push(eq(intakeRequests.channel, filter.channel));
    if (filter.customer) conditions.push(eq(intakeRequests.customerId, filter.customer));
    if (filter.startingAfter) conditions.push(lt(intakeRequests.id, filter.startingAfter));
    const rows = await tx
      .select({ request: intakeRequests, customerName: customers.name, assigneeName: users.name, assigneeEmail: users.email })
      .from(intakeRequests)
      .leftJoin(customers, and(eq(customers.tenantId, intakeRequests.tenantId), eq(customers.id, intakeRequests.customerId)))
      .leftJoin(users, eq(users.id, intakeRequests.assigneeUserId))
      .where(and(...conditions))
      .orderBy(desc(intakeRequests.id))
      .limit(filter.limit + 1);
    return withDuplicateNames(tx, tenant.id, rows);
  });
}

export type RequestListRow = Awaited<ReturnType<typeof listRequests>>[number];

async function withDuplicateNames(
  tx: Tx,
  tenantId: string,
  rows: { request: typeof intakeRequests.$inferSelect; customerName: string | null; assigneeName: string | null; assigneeEmail: string | null }[],
) {
  const ids = [...new Set(rows.flatMap((row) => row.request.possibleDuplicates.map((d) => d.customer_id)))];
  const names = new Map<string, string>();
  if (ids.length > 0) {
    for (const c of await tx
      .select({ id: customers.id, name: customers.name })
      .from(customers)
      .where(and(eq(customers.tenantId, tenantId), inArray(customers.id, ids)))) {
      names.set(c.id, c.name);
    }
  }
  return rows.map((row) => ({ ...row, duplicateNames: names }));
}

/** One request with its whole thread and the attachments' metadata (content is fetched on its own). */
export async function getRequest(ctx: AppContext, tenant: TenantContext, requestId: string) {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const [row] = await tx
      .select({ request: intakeRequests, customerName: customers.name, assigneeName: users.name, assigneeEmail: users.email })
      .from(intakeRequests)
      .leftJoin(customers, and(eq(customers.tenantId, intakeRequests.tenantId), eq(customers.id, intakeRequests.customerId)))
      .leftJoin(users, eq(users.id, intakeRequests.assigneeUserId))
      .where(and(eq(intakeRequests.tenantId, tenant.id), eq(intakeRequests.id, requestId)));
    if (!row) notFound('request', requestId);
    const [listed] = await withDuplicateNames(tx, tenant.id, [row]);
    const messages = await tx
      .select()
      .from(intakeMessages)
      .where(and(eq(intakeMessages.tenantId, tenant.id), eq(intakeMessages.requestId, requestId)))
      .orderBy(asc(intakeMessages.receivedAt), asc(intakeMessages.id));
    const attachments = messages.length
      ? await tx
          .select({
            id: intakeAttachments.id,
            messageId: intakeAttachments.messageId,
            filename: intakeAttachments.filename,
            contentType: intakeAttachments.contentType,
            size: intakeAttachments.size,
          })
          .from(intakeAttachments)
          .where(
            and(
              eq(intakeAttachments.tenantId, tenant.id),
              inArray(
                intakeAttachments.messageId,
                messages.map((m) => m.id),
              ),
            ),
          )
      : [];
    return { ...listed!, messages: messages.map((m) => ({ ...m, attachments: attachments.filter((a) => a.messageId === m.id) })) };
  });
}

/** An attachment's bytes, only through a request of this business. */
export async function getRequestAttachment(ctx: AppContext, tenant: TenantContext, requestId: string, attachmentId: string) {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const [row] = await tx
      .select({
        filename: intakeAttachments.filename,
        contentType: intakeAttachments.contentType,
        // As base64: PGlite turns a bytea result into a Buffer byte by byte, slowly for large files.
        base64: sql<string>`encode(${intakeAttachments.content}, 'base64')`,
      })
      .from(intakeAttachments)
      .innerJoin(intakeMessages, and(eq(intakeMessages.tenantId, intakeAttachments.tenantId), eq(intakeMessages.id, intakeAttachments.messageId)))
      .where(and(eq(intakeAttachments.tenantId, tenant.id), eq(intakeAttachments.id, attachmentId), eq(intakeMessages.requestId, requestId)));
    if (!row) notFound('attachment', attachmentId, 'attachment_id');
    return { filename: row.filename, contentType: row.contentType, content: Buffer.from(row.base64, 'base64') };
  });
}
