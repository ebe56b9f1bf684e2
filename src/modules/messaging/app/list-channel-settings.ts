import { eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { messagingSettings } from '../db/schema.ts';

/** A business's saved channel settings (secrets still sealed: the HTTP layer shows only whether each is set). */
export function listChannelSettings(ctx: AppContext, tenant: TenantContext) {
  return inTenantTx(ctx.db, tenant.id, (tx) =>
    tx.select().from(messagingSettings).where(eq(messagingSettings.tenantId, tenant.id)).orderBy(messagingSettings.channel),
  );
}
