import { randomBytes } from 'node:crypto';
import { and, count, eq, sql } from 'drizzle-orm';
import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/client.ts';
import { fail } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { CardDetails, ChargeRequest, ChargeResult, PaymentGateway, RefundRequest } from './gateway.ts';
import { GatewayUnavailableError } from './gateway.ts';
import { type SandboxBehaviour, sandboxTestCard } from './sandbox-cards.ts';
import { sandboxCharges, sandboxRefunds } from './sandbox-schema.ts';

/**
 * The default gateway: behaves like a card processor for the test payment methods, keeps its
 * own books (sandbox_charges) and honours idempotency keys exactly as a real gateway does.
 */
export class SandboxGateway implements PaymentGateway {
  readonly name = 'sandbox';

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  async savePaymentMethod(input: { token: string; customerRef: string }): Promise<CardDetails> {
    const card = sandboxTestCard(input.token);
    if (!card) fail('payment_method_unknown', `No such test payment method: '${input.token}'`, 'token');
    const year = this.clock.now().getUTCFullYear();
    return {
      token: `sbx_${input.token}_${randomBytes(6).toString('hex')}`,
      brand: card.brand,
      last4: card.last4,
      expMonth: 12,
      expYear: year + 3,
    };
  }

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    const earlier = await this.db.select().from(sandboxCharges).where(eq(sandboxCharges.idempotencyKey, request.idempotencyKey));
    if (earlier[0]) return toResult(earlier[0]);

    const testName = /^sbx_(pm_card_[A-Za-z0-9]+)_[0-9a-f]+$/.exec(request.token)?.[1];
    const card = testName ? sandboxTestCard(testName) : null;
    let status: 'succeeded' | 'failed' = 'succeeded';
    let declineCode: string | null = card ? null : 'invalid_account';
    if (!card) status = 'failed';
    else if (card.behaviour.kind === 'decline') {
      status = 'failed';
      declineCode = card.behaviour.code;
    } else if (card.behaviour.kind === 'fail_first') {
      const [previous] = await this.db.select({ n: count() }).from(sandboxCharges).where(eq(sandboxCharges.token, request.token));
      if ((previous?.n ?? 0) < card.behaviour.failures) {
        status = 'failed';
        declineCode = 'insufficient_funds';
      }
    } else if (card.behaviour.kind !== 'succeed' && card.behaviour.kind !== 'timeout_after_charge') {
      declineCode = await this.scriptedDecline(card.behaviour, request.token);
      if (declineCode) status = 'failed';
    }
    const inserted = await this.db
      .insert(sandboxCharges)
      .values({
        idempotencyKey: request.idempotencyKey,
        chargeId: newId('ch'),
        token: request.token,
        amount: request.amount,
        currency: request.currency,
        status,
        declineCode,
        createdAt: this.clock.now(),
      })
      .onConflictDoNothing()
      .returning();
    // A concurrent call with the same key won the insert: answer with its outcome.
    const row = inserted[0] ?? (await this.db.select().from(sandboxCharges).where(eq(sandboxCharges.idempotencyKey, request.idempotencyKey)))[0];
    if (!row) throw new GatewayUnavailableError();
    if (inserted[0] && card?.behaviour.kind === 'timeout_after_charge') {
      throw new GatewayUnavailableError('The gateway charged the card but the response was lost (sandbox test card).');
    }
    return toResult(row);
  }

  /** A scripted card's answer on the gateway's own clock (UTC): a decline code, or null to succeed. */
  private async scriptedDecline(
    behaviour: Extract<SandboxBehaviour, { kind: 'decline_except_days' | 'decline_from' | 'decline_every_other' }>,
    token: string,
  ): Promise<string | null> {
    const now = this.clock.now();
    if (behaviour.kind === 'decline_except_days') {
      const day = now.getUTCDate();
      return day >= behaviour.from && day <= behaviour.to ? null : behaviour.code;
    }
    if (behaviour.kind === 'decline_from') return now.toISOString().slice(0, 10) >= behaviour.date ? behaviour.code : null;
    const [previous] = await this.db.select({ n: count() }).from(sandboxCharges).where(eq(sandboxCharges.token, token));
    return (previous?.n ?? 0) % 2 === 0 ? behaviour.code : null;
  }

  async refund(request: RefundRequest): Promise<{ refundId: string }> {
    const earlier = await this.db.select().from(sandboxRefunds).where(eq(sandboxRefunds.idempotencyKey, request.idempotencyKey));
    if (earlier[0]) return { refundId: earlier[0].refundId };
    const refundId = newId('re');
    await this.db.transaction(async (tx) => {
      const updated = await tx
        .update(sandboxCharges)
        .set({ amountRefunded: sql`${sandboxCharges.amountRefunded} + ${request.amount}` })
        .where(
          and(
            eq(sandboxCharges.chargeId, request.chargeId),
            eq(sandboxCharges.status, 'succeeded'),
            sql`${sandboxCharges.amountRefunded} + ${request.amount} <= ${sandboxCharges.amount}`,
          ),
        )
        .returning();
      if (!updated[0]) fail('refund_exceeds_payment', 'The gateway refused the refund: it exceeds the charge.');
      await tx.insert(sandboxRefunds).values({
        idempotencyKey: request.idempotencyKey,
        refundId,
        chargeId: request.chargeId,
        amount: request.amount,
        createdAt: this.clock.now(),
      });
    });
    return { refundId };
  }
}

function toResult(row: typeof sandboxCharges.$inferSelect): ChargeResult {
  if (row.status === 'succeeded') return { status: 'succeeded', chargeId: row.chargeId };
  const code = row.declineCode ?? 'generic_decline';
  return { status: 'failed', chargeId: row.chargeId, declineCode: code, message: declineMessage(code) };
}

function declineMessage(code: string): string {
  const messages: Record<string, string> = {
    insufficient_funds: 'Your card has insufficient funds.',
    expired_card: 'Your card has expired.',
    processing_error: 'An error occurred while processing your card.',
  };
  return messages[code] ?? 'Your card was declined.';
}
