/**
 * What Duly needs from a payment gateway. Every call that moves money carries an idempotency
 * key derived from our own row, so repeating a call after a crash never moves money twice.
 */
export type CardDetails = {
  token: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  /** Which gateway keeps the card, when the caller routes between several (see tenant-gateways.ts). */
  gateway?: string;
};

export type ChargeRequest = {
  /** The business charging; a router uses it to pick that business's gateway account. */
  tenantId?: string;
  idempotencyKey: string;
  token: string;
  amount: number;
  currency: string;
  description?: string;
};

export type ChargeResult =
  | { status: 'succeeded'; chargeId: string }
  | { status: 'failed'; chargeId: string; declineCode: string; message: string }
  | { status: 'requires_action'; chargeId: string };

export type RefundRequest = { tenantId?: string; idempotencyKey: string; chargeId: string; amount: number };

/** The gateway did not answer (or the answer was lost): the outcome is unknown, ask again. */
export class GatewayUnavailableError extends Error {
  constructor(message = 'The payment gateway did not answer.') {
    super(message);
    this.name = 'GatewayUnavailableError';
  }
}

export interface PaymentGateway {
  readonly name: string;
  /** Turns what the client's browser handed us (a test method name, a gateway token) into a saved card. */
  savePaymentMethod(input: { token: string; customerRef: string; tenantId?: string }): Promise<CardDetails>;
  charge(request: ChargeRequest): Promise<ChargeResult>;
  refund(request: RefundRequest): Promise<{ refundId: string }>;
}
