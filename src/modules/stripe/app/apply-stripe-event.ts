import { and, eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { AppContext } from '../../../app-context.ts';
import type { Tx } from '../../../platform/db/tx.ts';
import { declineCodeOf } from '../../../providers/payments/stripe-gateway.ts';
import { stripeCustomers } from '../../../providers/payments/stripe-schema.ts';
import { closeDispute, openDispute } from '../../disputes/index.ts';
import {
  attachStripeCardOnce,
  paymentAttempts,
  payments,
  recordAttemptResult,
  recordGatewayRefund,
  refunds,
  sendRefundToGateway,
} from '../../payments/index.ts';
import type { TenantContext } from '../../tenants/index.ts';

export type Applied = { outcome: string; followUp: (() => Promise<unknown>) | null };

const done = (outcome: string): Applied => ({ outcome, followUp: null });
const idOf = (x: string | { id: string } | null | undefined) => (x == null ? null : typeof x === 'string' ? x : x.id);

/** What one verified Stripe event means for our books (see docs/stripe.md for the table). */
export async function applyStripeEvent(ctx: AppContext, tx: Tx, tenant: TenantContext, event: Stripe.Event): Promise<Applied> {
  switch (event.type) {
    case 'payment_intent.succeeded':
    case 'payment_intent.payment_failed':
      return applyPaymentIntent(ctx, tx, tenant, event.data.object);
    case 'charge.refunded':
      return applyRefunded(ctx, tx, tenant, event.data.object);
    case 'charge.dispute.created':
    case 'charge.dispute.closed':
      return applyDispute(tx, tenant, event.data.object, event.type === 'charge.dispute.closed');
    case 'setup_intent.succeeded': {
      const intent = event.data.object;
      const customerId = intent.metadata?.duly_customer;
      const [customer, method] = [idOf(intent.customer), idOf(intent.payment_method)];
      if (!customerId || !customer || !method || !(await knownStripeCustomer(tx, tenant.id, customerId, customer))) return done('not_ours');
      return { outcome: 'card_saved', followUp: () => attachStripeCardOnce(ctx, tenant, customerId, customer, method) };
    }
    case 'payment_method.attached': {
      const method = event.data.object;
      const customer = idOf(method.customer);
      const [mapped] = customer
        ? await tx
            .select()
            .from(stripeCustomers)
            .where(and(eq(stripeCustomers.tenantId, tenant.id), eq(stripeCustomers.stripeCustomerId, customer)))
        : [];
      if (!mapped || !customer || method.type !== 'card') return done('not_ours');
      return { outcome: 'card_saved', followUp: () => attachStripeCardOnce(ctx, tenant, mapped.customerId, customer, method.id) };
    }
    default:
      return done('ignored');
  }
}

async function knownStripeCustomer(tx: Tx, tenantId: string, customerId: string, stripeCustomer: string) {
  const [row] = await tx
    .select()
    .from(stripeCustomers)
    .where(and(eq(stripeCustomers.tenantId, tenantId), eq(stripeCustomers.customerId, customerId)));
  return row?.stripeCustomerId === stripeCustomer;
}

/** The outcome of one of our charges, e.g. after its answer was lost on the way back to us. */
async function applyPaymentIntent(ctx: AppContext, tx: Tx, tenant: TenantContext, intent: Stripe.PaymentIntent): Promise<Applied> {
  const key = intent.metadata?.duly_idempotency_key;
  const [attempt] = await tx
    .select()
    .from(paymentAttempts)
    .where(and(eq(paymentAttempts.tenantId, tenant.id), key ? eq(paymentAttempts.idempotencyKey, key) : eq(paymentAttempts.gatewayChargeId, intent.id)))
    .for('update');
  if (!attempt) return done('not_ours');
  if (attempt.amount !== intent.amount || attempt.currency !== intent.currency) return done('amount_mismatch');
  if (attempt.status !== 'pending') return done('already_recorded');
  if (intent.status === 'succeeded') {
    await recordAttemptResult(ctx, tx, tenant, { attemptId: attempt.id, result: { status: 'succeeded', chargeId: intent.id } });
    return done('payment_recorded');
  }
  if (intent.status !== 'requires_payment_method') return done('ignored');
  const error: { code?: string; decline_code?: string; message?: string } = intent.last_payment_error ?? {};
  await recordAttemptResult(ctx, tx, tenant, {
    attemptId: attempt.id,
    result: { status: 'failed', chargeId: intent.id, declineCode: declineCodeOf(error), message: error.message ?? 'Your card was declined.' },
  });
  return done('decline_recorded');
}

/** A refund we asked for whose answer we have not recorded yet is confirmed with Stripe (same key). */
async function applyRefunded(ctx: AppContext, tx: Tx, tenant: TenantContext, charge: Stripe.Charge): Promise<Applied> {
  const payment = await paymentOf(tx, tenant.id, idOf(charge.payment_intent));
  if (!payment) return done('not_ours');
  const pending = await tx
    .select({ id: refunds.id })
    .from(refunds)
    .where(and(eq(refunds.tenantId, tenant.id), eq(refunds.paymentId, payment.id), eq(refunds.status, 'pending')));
  if (pending.length > 0) {
    return {
      outcome: 'refund_confirmed',
      followUp: async () => {
        for (const refund of pending) await sendRefundToGateway(ctx, tenant, refund.id);
      },
    };
  }
  // More refunded at Stripe than we ever asked for: a refund made in the Stripe dashboard, booked
  // now. Keyed by Stripe's refund id when the event carries it, else by the refunded total.
  const extra = charge.amount_refunded - payment.amountRefunded;
  if (extra <= 0) return done('already_recorded');
  const newest = charge.refunds?.data?.[0]?.id;
  const booked = await recordGatewayRefund(tx, tenant, {
    paymentId: payment.id,
    amount: extra,
    gatewayRefundId: newest ?? `${charge.id}:refunded:${charge.amount_refunded}`,
  });
  return done(booked ? 'refund_recorded' : 'already_recorded');
}

async function applyDispute(tx: Tx, tenant: TenantContext, dispute: Stripe.Dispute, closed: boolean): Promise<Applied> {
  const payment = await paymentOf(tx, tenant.id, idOf(dispute.payment_intent));
  if (!payment) return done('not_ours');
  // Opening is idempotent by Stripe's dispute id, so a `closed` whose `created` we missed still lands.
  await openDispute(tx, tenant, {
    paymentId: payment.id,
    amount: dispute.amount,
    reason: dispute.reason,
    evidenceDueBy: new Date((dispute.evidence_details?.due_by ?? Math.floor(tenant.now.getTime() / 1000)) * 1000),
    gatewayDisputeId: dispute.id,
  });
  if (!closed) return done('dispute_opened');
  const outcome = dispute.status === 'won' ? 'won' : dispute.status === 'lost' ? 'lost' : null;
  if (!outcome) return done('ignored');
  await closeDispute(tx, tenant, { gatewayDisputeId: dispute.id, outcome });
  return done(`dispute_${outcome}`);
}

async function paymentOf(tx: Tx, tenantId: string, paymentIntent: string | null) {
  if (!paymentIntent) return null;
  const [row] = await tx
    .select()
    .from(payments)
    .where(and(eq(payments.tenantId, tenantId), eq(payments.method, 'card'), eq(payments.reference, paymentIntent)));
  return row ?? null;
}
