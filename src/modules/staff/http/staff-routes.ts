import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../app-context.ts';
import { actorOf, tenantOf } from '../../../platform/http/auth.ts';
import { unix } from '../../../platform/http/dto.ts';
import { listQuery, toList } from '../../../platform/http/pagination.ts';
import { changeRole } from '../app/change-role.ts';
import { inviteStaff } from '../app/invite-staff.ts';
import { listAuditLog } from '../app/list-audit-log.ts';
import { listStaff } from '../app/list-staff.ts';
import { removeMember } from '../app/remove-member.ts';
import { revokeInvitation } from '../app/revoke-invitation.ts';
import type { auditLog, invitations } from '../db/schema.ts';
import { ROLES } from '../domain/roles.ts';

const tags = ['staff'];
const owner = { minRole: 'owner' as const };
const role = z.enum(ROLES);
const userParams = z.strictObject({ user_id: z.string().min(1).max(64) });

const invitationDto = (i: typeof invitations.$inferSelect) => ({
  id: i.id,
  object: 'staff_invitation' as const,
  email: i.email,
  role: i.role,
  invited_by: i.invitedBy,
  expires_at: unix(i.expiresAt),
  created: unix(i.createdAt),
});

const auditDto = (a: typeof auditLog.$inferSelect) => ({
  id: a.id,
  object: 'audit_log_entry' as const,
  actor: { type: a.actorType, id: a.actorId, email: a.actorEmail },
  action: a.action,
  target_id: a.targetId,
  status_code: a.statusCode,
  ip: a.ip,
  created: unix(a.createdAt),
});

/** Owners manage who works in the business and read the audit log. */
export function staffRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    // Everyone in the business may see who else works there (to pass a request on); only names and roles.
    app.get('/v1/staff/directory', { config: { minRole: 'staff' as const }, schema: { tags } }, async (req) => {
      const { members } = await listStaff(ctx, tenantOf(req).id);
      return {
        object: 'list' as const,
        url: '/v1/staff/directory',
        has_more: false,
        data: members.map((m) => ({ user_id: m.userId, object: 'staff_member' as const, email: m.email, name: m.name, role: m.role })),
      };
    });
    app.get('/v1/staff', { config: owner, schema: { tags } }, async (req) => {
      const { members, invitations } = await listStaff(ctx, tenantOf(req).id);
      return {
        object: 'staff' as const,
        members: members.map((m) => ({
          user_id: m.userId,
          object: 'staff_member' as const,
          email: m.email,
          name: m.name,
          role: m.role,
          mfa_enabled: m.mfaEnabled,
          created: unix(m.createdAt),
        })),
        invitations: invitations.map(invitationDto),
      };
    });

    app.post(
      '/v1/staff/invitations',
      { config: owner, schema: { tags, body: z.strictObject({ email: z.email({ error: 'must be a valid email address' }).max(320), role }) } },
      async (req) => {
        const actor = actorOf(req);
        const invitation = await inviteStaff(ctx, tenantOf(req), {
          email: req.body.email,
          role: req.body.role,
          invitedBy: { id: actor.id, email: actor.email ?? null },
        });
        return invitationDto(invitation);
      },
    );

    app.delete('/v1/staff/invitations/:id', { config: owner, schema: { tags, params: z.strictObject({ id: z.string().min(1).max(64) }) } }, async (req) => {
      await revokeInvitation(ctx, tenantOf(req).id, req.params.id);
      return { id: req.params.id, object: 'staff_invitation' as const, deleted: true };
    });

    app.post('/v1/staff/:user_id', { config: owner, schema: { tags, params: userParams, body: z.strictObject({ role }) } }, async (req) => {
      await changeRole(ctx, tenantOf(req).id, req.params.user_id, req.body.role);
      return { user_id: req.params.user_id, object: 'staff_member' as const, role: req.body.role };
    });

    app.delete('/v1/staff/:user_id', { config: owner, schema: { tags, params: userParams } }, async (req) => {
      await removeMember(ctx, tenantOf(req).id, req.params.user_id);
      return { user_id: req.params.user_id, object: 'staff_member' as const, deleted: true };
    });

    app.get(
      '/v1/audit_log',
      { config: owner, schema: { tags, querystring: listQuery.extend({ actor: z.string().min(1).max(64).optional() }) } },
      async (req) => {
        const rows = await listAuditLog(ctx, tenantOf(req).id, { limit: req.query.limit, startingAfter: req.query.starting_after, actor: req.query.actor });
        return toList(rows.map(auditDto), req.query.limit, '/v1/audit_log');
      },
    );
  };
}
