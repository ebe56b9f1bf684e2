import type { Tx } from '../../../platform/db/tx.ts';
import { newId } from '../../../platform/ids.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { intakeAttachments, intakeMessages } from '../db/schema.ts';
import type { IntakeMessage } from '../domain/intake-message.ts';

/** Saves one inbound message and its attachments under a request. */
export async function storeIntakeMessage(tx: Tx, tenant: TenantContext, requestId: string, message: IntakeMessage): Promise<string> {
  const id = newId('rqm');
  await tx.insert(intakeMessages).values({
    tenantId: tenant.id,
    id,
    requestId,
    direction: 'in',
    channel: message.channel,
    externalId: message.externalId,
    threadRefs: [...(message.threadRefs ?? [])],
    fromAddress: message.sender.email ?? message.sender.phone ?? message.sender.telegramChatId ?? null,
    subject: message.subject ?? null,
    bodyText: message.text,
    receivedAt: message.receivedAt,
    createdAt: tenant.now,
  });
  for (const attachment of message.attachments ?? []) {
    await tx.insert(intakeAttachments).values({
      tenantId: tenant.id,
      id: newId('att'),
      messageId: id,
      filename: attachment.filename,
      contentType: attachment.contentType,
      size: attachment.content.length,
      content: attachment.content,
      createdAt: tenant.now,
    });
  }
  return id;
}
