export { addStaffUser } from './app/add-staff-user.ts';
export { authenticateSession, type StaffSession } from './app/authenticate-session.ts';
export { sameSecret } from './app/credentials.ts';
export { auditLog, invitations, memberships, sessions, users } from './db/schema.ts';
export { defaultMinRole, isRole, ROLES, type Role, roleAllows } from './domain/roles.ts';
export { registerAuditLog } from './http/audit-hook.ts';
export { authRoutes } from './http/auth-routes.ts';
export { staffRoutes } from './http/staff-routes.ts';
