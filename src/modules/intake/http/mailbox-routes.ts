import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../app-context.ts';
import { tenantOf } from '../../../platform/http/auth.ts';
import { unix } from '../../../platform/http/dto.ts';
import { idParams } from '../../../platform/http/schemas.ts';
import { checkMailbox } from '../app/check-mailbox.ts';
import { createMailbox, updateMailbox } from '../app/configure-mailbox.ts';
import { deleteMailbox } from '../app/delete-mailbox.ts';
import { getMailbox, listMailboxes, type MailboxRow } from '../app/list-mailboxes.ts';

const host = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])$/, { error: 'must be a host name or an IP address, such as imap.example.com' });
const port = z.number().int().min(1).max(65_535);
const username = z.string().trim().min(1).max(320);
const password = z.string().min(1).max(1024);
// IMAP folder names may hold any printable text (imapflow encodes them); control characters are never valid.
const folder = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .regex(/^[^\p{Cc}]+$/u, { error: 'must not contain control characters' });

const createBody = z.strictObject({
  host,
  port: port.default(993),
  secure: z.boolean().default(true),
  username,
  password,
  folder: folder.default('INBOX'),
  enabled: z.boolean().default(true),
});
const updateBody = z.strictObject({
  host: host.optional(),
  port: port.optional(),
  secure: z.boolean().optional(),
  username: username.optional(),
  password: password.optional(),
  folder: folder.optional(),
  enabled: z.boolean().optional(),
});

/** The password is write-only: responses say only that one is set. */
function mailboxDto(row: MailboxRow) {
  return {
    id: row.id,
    object: 'intake_mailbox' as const,
    host: row.host,
    port: row.port,
    secure: row.secure,
    username: row.username,
    password_set: row.password !== '',
    folder: row.folder,
    enabled: row.enabled,
    uid_validity: row.uidValidity,
    last_uid: row.lastUid,
    last_polled_at: unix(row.lastPolledAt),
    last_error: row.lastError,
    created: unix(row.createdAt),
  };
}

/** IMAP mailboxes a business's client mail arrives in (I2). Anyone may look; managers change them. */
export function mailboxRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['intake'];
    const manager = { minRole: 'manager' as const };
    app.get('/v1/intake/mailboxes', { schema: { tags } }, async (req) => {
      const rows = await listMailboxes(ctx, tenantOf(req));
      return { object: 'list' as const, url: '/v1/intake/mailboxes', has_more: false, data: rows.map(mailboxDto) };
    });
    app.post('/v1/intake/mailboxes', { config: manager, schema: { body: createBody, tags } }, async (req) =>
      mailboxDto(await createMailbox(ctx, tenantOf(req), req.body)),
    );
    app.get('/v1/intake/mailboxes/:id', { schema: { params: idParams, tags } }, async (req) => mailboxDto(await getMailbox(ctx, tenantOf(req), req.params.id)));
    app.post('/v1/intake/mailboxes/:id', { config: manager, schema: { params: idParams, body: updateBody, tags } }, async (req) =>
      mailboxDto(await updateMailbox(ctx, tenantOf(req), req.params.id, req.body)),
    );
    app.post('/v1/intake/mailboxes/:id/delete', { config: manager, schema: { params: idParams, tags } }, async (req) => {
      const { id } = await deleteMailbox(ctx, tenantOf(req), req.params.id);
      return { id, object: 'intake_mailbox' as const, deleted: true };
    });
    // Signs in and opens the folder: the answer says whether it works, a failure is not a request error.
    app.post('/v1/intake/mailboxes/:id/test', { config: manager, schema: { params: idParams, tags } }, async (req) => {
      const result = await checkMailbox(ctx, tenantOf(req), req.params.id);
      return result.ok
        ? { object: 'intake_mailbox_test' as const, ok: true, messages: result.state.exists, uid_validity: result.state.uidValidity, error: null }
        : { object: 'intake_mailbox_test' as const, ok: false, messages: null, uid_validity: null, error: result.error };
    });
  };
}
