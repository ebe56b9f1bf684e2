import type { AppContext } from '../../../app-context.ts';
import { checkImapAccount, type InboxState } from '../../../channels/email/imap-inbox.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { getMailbox } from './list-mailboxes.ts';
import { accountOf } from './poll-mailbox.ts';

/** Signs in to a saved mailbox and opens its folder, so an owner sees at once whether the settings work. */
export async function checkMailbox(
  ctx: AppContext,
  tenant: TenantContext,
  id: string,
): Promise<{ ok: true; state: InboxState } | { ok: false; error: string }> {
  const mailbox = await getMailbox(ctx, tenant, id);
  return checkImapAccount({
    ...accountOf(mailbox),
    // Someone is waiting for the answer: an unreachable host should say so within seconds.
    timeoutMs: 10_000,
  });
}
