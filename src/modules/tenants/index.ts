export { authenticateApiKey, loadTenant, toTenantContext } from './app/authenticate-api-key.ts';
export { type BusinessProfile, type BusinessProfileInput, getBusinessProfile, updateBusinessProfile } from './app/business-profile.ts';
export { type CreateTenantInput, createTenant } from './app/create-tenant.ts';
export { type EventTenant, tenantOfEvent } from './app/tenant-of-event.ts';
export { apiKeys, idempotencyKeys, tenants } from './db/schema.ts';
export { formatInvoiceNumber, SUPPORTED_LOCALES, type TenantContext } from './domain/tenant.ts';
export { isKnownTimeZone } from './domain/time-zone.ts';
