/** What staff or an integrator may set on a customer (B1); validated at the edge, normalised here. */
export type CustomerInput = {
  name?: string;
  email?: string | null;
  phone?: string | null;
  telegram?: string | null;
  preferredLocales?: string[];
  timezone?: string | null;
  taxId?: string | null;
  paymentTermsDays?: number | null;
  creditLimit?: number | null;
  prepaymentRequired?: boolean;
  creditPolicy?: 'warn' | 'block';
  tags?: string[];
  notes?: string | null;
  metadata?: Record<string, string>;
};

export function normaliseCustomerInput(input: CustomerInput): CustomerInput {
  const out: CustomerInput = { ...input };
  if (input.name !== undefined) out.name = input.name.trim();
  if (input.email) out.email = input.email.trim().toLowerCase();
  if (input.tags) out.tags = [...new Set(input.tags.map((t) => t.trim()).filter(Boolean))];
  return out;
}
