/** The portal API's shapes (src/modules/portal/http/dto.ts). */
export type Card = { brand: string; last4: string; exp_month: number; exp_year: number };

export type Me = {
  id: string;
  name: string;
  email: string | null;
  language: string;
  business: { id: string; name: string; brand_color: string | null; logo: string | null; currency: string; timezone: string; test_mode: boolean };
  autopay: { enabled: boolean; subscriptions: number };
  card: Card | null;
};

export type Invoice = {
  id: string;
  number: string | null;
  status: 'open' | 'paid' | 'uncollectible' | 'void';
  currency: string;
  description: string | null;
  total: number;
  amount_paid: number;
  amount_due: number;
  created: number | null;
  due_date: number | null;
  paid_at: number | null;
  lines?: { description: string; quantity: number; amount: number }[];
};

export type HistoryEntry = {
  id: string;
  object: 'payment' | 'refund';
  amount: number;
  currency: string;
  method: string | null;
  invoice_number: string | null;
  status: string;
  created: number;
};

export type CardSetup = { gateway: 'sandbox' | 'stripe'; client_secret: string | null; publishable_key: string | null };
