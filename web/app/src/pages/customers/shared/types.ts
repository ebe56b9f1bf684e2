/** The /v1 shapes the customers, invoices and plans pages read (only the fields they use). */
export type Customer = {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  telegram: string | null;
  preferred_locales: string[];
  timezone: string | null;
  tax_id: string | null;
  payment_terms_days: number | null;
  credit_limit: number | null;
  prepayment_required: boolean;
  credit_policy: 'warn' | 'block';
  tags: string[];
  notes: string | null;
  created: number;
  balance?: number;
  credit_balance?: number;
  receivable?: number;
};

export type InvoiceStatus = 'draft' | 'open' | 'paid' | 'void' | 'uncollectible';

export type InvoiceLine = {
  id: string;
  description: string;
  price: string | null;
  quantity: number;
  unit_amount: number;
  amount: number;
  discount_amount: number;
  tax_amount: number;
  total: number;
};

export type Invoice = {
  id: string;
  customer: string;
  subscription: string | null;
  status: InvoiceStatus;
  number: string | null;
  currency: string;
  collection_method: 'charge_automatically' | 'send_invoice';
  description: string | null;
  subtotal: number;
  total_discount: number;
  tax: number;
  total: number;
  credit_applied: number;
  credit_noted: number;
  amount_due: number;
  amount_paid: number;
  amount_remaining: number;
  due_date: number | null;
  payment_plan: string | null;
  attempt_count?: number;
  next_payment_attempt?: number | null;
  created: number;
  lines?: { data: InvoiceLine[] };
  warnings?: { code: string; message: string }[];
};

export type PaymentAttempt = {
  id: string;
  attempt_number: number;
  amount: number;
  currency: string;
  status: string;
  decline_code: string | null;
  failure_message: string | null;
  created: number;
  completed_at: number | null;
};

export type Payment = {
  id: string;
  customer: string;
  invoice: string | null;
  method: string;
  amount: number;
  amount_applied: number;
  amount_to_credit: number;
  amount_refunded: number;
  currency: string;
  reference: string | null;
  created: number;
};

export type Refund = { id: string; payment: string; amount: number; currency: string; status: string; failure_message: string | null };

export type CreditNote = {
  id: string;
  invoice: string;
  amount: number;
  currency: string;
  reason: string | null;
  memo: string | null;
  created: number;
};

export type Message = {
  id: string;
  channel: string;
  template: string;
  recipient: string;
  subject: string | null;
  status: string;
  last_error: string | null;
  sent_at: number | null;
  created: number;
};

export type LedgerEntry = {
  id: string;
  account: string;
  debit: number;
  credit: number;
  currency: string;
  source_type: string;
  source: string;
  memo: string | null;
  created: number;
};

export type PaymentMethod = {
  id: string;
  card: { brand: string; last4: string; exp_month: number; exp_year: number };
  default: boolean;
};

export type Subscription = {
  id: string;
  status: string;
  currency: string;
  items: { data: { id: string; price: string; quantity: number }[] };
  current_period_end: number | null;
  cancel_at_period_end: boolean;
  created: number;
};

export type Price = {
  id: string;
  product: string;
  currency: string;
  unit_amount: number;
  type: string;
  recurring: unknown;
  nickname: string | null;
  active: boolean;
};

export type Product = { id: string; name: string };

export type PlanInstalment = {
  position: number;
  invoice: string;
  number: string | null;
  amount: number;
  due_date: number | null;
  status: InvoiceStatus;
  past_due: boolean;
  amount_paid: number;
  amount_remaining: number;
};

export type PaymentPlan = {
  id: string;
  customer: string;
  currency: string;
  status: 'active' | 'completed' | 'canceled';
  amount: number;
  amount_paid: number;
  amount_remaining: number;
  collection_method: string;
  invoices: string[];
  instalments: PlanInstalment[];
  canceled_at: number | null;
  created: number;
};
