/** The /v1 subscription shapes these pages read. */
export const SUBSCRIPTION_STATUSES = ['active', 'trialing', 'past_due', 'unpaid', 'paused', 'canceled'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

export type SubscriptionItem = { id: string; object: 'subscription_item'; price: string; quantity: number };

export type Subscription = {
  id: string;
  object: 'subscription';
  customer: string;
  status: SubscriptionStatus;
  collection_method: 'charge_automatically' | 'send_invoice';
  currency: string;
  items: { data: SubscriptionItem[] };
  billing_cycle_anchor_date: string;
  current_period_start: number;
  current_period_end: number;
  trial_end: number | null;
  cancel_at_period_end: boolean;
  canceled_at: number | null;
  paused_at: number | null;
  days_until_due: number | null;
  next_billing_at: number | null;
  created: number;
};

export type ChangePreviewLine = {
  description: string;
  price: string | null;
  quantity: number;
  unit_amount: number;
  amount: number;
  tax_amount: number;
  total: number;
  proration: boolean;
  period: { start: number | null; end: number | null };
};

/** `POST /v1/subscriptions/:id/preview_change`: what the change would invoice now. */
export type ChangePreview = {
  object: 'subscription_change_preview';
  subscription: string;
  currency: string;
  proration_date: number;
  period_end: number | null;
  lines: ChangePreviewLine[];
  subtotal: number;
  tax: number;
  total: number;
  credit_applied: number;
  amount_due: number;
};

export type ItemDraft = { price: string | null; quantity: number | string };

export const subscriptionKeys = {
  all: ['subscriptions'] as const,
  one: (id: string) => ['subscriptions', 'one', id] as const,
};
