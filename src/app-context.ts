import type { Clock } from './platform/clock.ts';
import type { Database } from './platform/db/client.ts';
import type { Tx } from './platform/db/tx.ts';
import type { PaymentGateway } from './providers/payments/gateway.ts';
import type { StripeAccounts } from './providers/payments/stripe-accounts.ts';

/** Told, inside the recording transaction, how a charge for an invoice ended. */
export type PaymentOutcomeListener = (
  tx: Tx,
  event: {
    tenantId: string;
    invoiceId: string;
    subscriptionId: string | null;
    outcome: 'succeeded' | 'failed' | 'invoice_paid' | 'retries_exhausted';
    at: Date;
  },
) => Promise<void>;

/** What every use case may reach: the database, the clock and the outside world's adapters. */
export type AppContext = {
  db: Database;
  clock: Clock;
  /** Routes each call to the business's gateway: its own Stripe account, or the default (sandbox). */
  gateway: PaymentGateway;
  /** Businesses' Stripe accounts (settings, SetupIntents for card-update links, webhook secrets). */
  stripe: StripeAccounts;
  /** Modules that react to payments (subscriptions) subscribe here, so payments need not import them. */
  paymentOutcomeListeners: PaymentOutcomeListener[];
};
