export { createPortalLink, type PortalLinkChannel } from './app/create-portal-link.ts';
export { portalRateLimits, portalSessions, portalTokens } from './db/schema.ts';
export { MAGIC_LINK_MINUTES, SESSION_DAYS } from './domain/secrets.ts';
export { portalRoutes } from './http/routes.ts';
export { portalLinkRoutes } from './http/staff-routes.ts';
