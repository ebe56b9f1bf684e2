import { and, eq } from 'drizzle-orm';
import { type ChannelName, type ChannelSender, createHttpSmsSender, createSmtpSender, createTelegramSender } from '../../../channels/index.ts';
import type { Tx } from '../../../platform/db/tx.ts';
import { messagingSettings } from '../db/schema.ts';
import { openChannelConfig } from './channel-secrets.ts';

/** Where a message goes when the business has not configured that channel. */
export type SenderChoice = { sender: ChannelSender & { close?: () => void }; provider: string } | { sender: null; provider: 'local_mailbox' | 'unconfigured' };

/**
 * The adapter for a business's channel, built from its settings. Email without SMTP settings
 * goes to the local mailbox (the embedded demo's inbox the back office shows): recorded, never
 * silently dropped. SMS or Telegram without settings cannot reach anyone and is recorded as such.
 */
export async function senderFor(tx: Tx, tenantId: string, channel: ChannelName): Promise<SenderChoice> {
  const [row] = await tx
    .select()
    .from(messagingSettings)
    .where(and(eq(messagingSettings.tenantId, tenantId), eq(messagingSettings.channel, channel), eq(messagingSettings.enabled, true)));
  const c = openChannelConfig(row?.config ?? {}) as Record<string, string | number | boolean | undefined>;
  if (channel === 'email') {
    if (!c.host) return { sender: null, provider: 'local_mailbox' };
    return {
      provider: 'smtp',
      sender: createSmtpSender({
        host: String(c.host),
        port: Number(c.port ?? 587),
        secure: Boolean(c.secure),
        user: c.user === undefined ? undefined : String(c.user),
        password: c.password === undefined ? undefined : String(c.password),
        from: String(c.from ?? 'billing@localhost'),
        // One connection for the whole batch: a fresh SMTP session per message costs ~100 ms.
        pool: true,
      }),
    };
  }
  if (channel === 'sms') {
    if (!c.endpoint) return { sender: null, provider: 'unconfigured' };
    return {
      provider: 'http_sms',
      sender: createHttpSmsSender({ endpoint: String(c.endpoint), apiKey: String(c.api_key ?? ''), from: String(c.from ?? 'Duly') }),
    };
  }
  if (!c.token) return { sender: null, provider: 'unconfigured' };
  return { provider: 'telegram', sender: createTelegramSender({ token: String(c.token), apiRoot: c.api_root === undefined ? undefined : String(c.api_root) }) };
}
