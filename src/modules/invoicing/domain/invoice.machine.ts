/**
 * Invoice lifecycle (Stripe's model). A draft is editable and is deleted rather than
 * voided, because it was never sent and has no number or ledger entries; everything after
 * finalize is immutable and only moves forward.
 *
 * Effects, carried out by the use case in the same transaction (or via the outbox):
 *   assign_number - give the invoice its next gap-free number in the tenant's sequence
 *   post_ledger   - write the ledger entries for this move: receivable on finalize,
 *                   payment on pay, reversal on void, bad-debt write-off on mark_uncollectible
 */
import { DomainError } from '../../../platform/domain-error.ts';

export const INVOICE_STATES = ['draft', 'open', 'paid', 'void', 'uncollectible'] as const;
export const INVOICE_EVENTS = ['finalize', 'pay', 'void', 'mark_uncollectible'] as const;

export type InvoiceState = (typeof INVOICE_STATES)[number];
export type InvoiceEvent = (typeof INVOICE_EVENTS)[number];
export type InvoiceEffect = 'assign_number' | 'post_ledger';
export type InvoiceTransition = { next: InvoiceState; effects: readonly InvoiceEffect[] };

/** The whole lifecycle; a missing (state, event) pair is an illegal move. */
export const INVOICE_TRANSITIONS: {
  readonly [S in InvoiceState]: Readonly<Partial<Record<InvoiceEvent, InvoiceTransition>>>;
} = {
  draft: {
    finalize: { next: 'open', effects: ['assign_number', 'post_ledger'] },
  },
  open: {
    pay: { next: 'paid', effects: ['post_ledger'] },
    void: { next: 'void', effects: ['post_ledger'] },
    mark_uncollectible: { next: 'uncollectible', effects: ['post_ledger'] },
  },
  // Written off, but the customer may still pay or the merchant may cancel it.
  uncollectible: {
    pay: { next: 'paid', effects: ['post_ledger'] },
    void: { next: 'void', effects: ['post_ledger'] },
  },
  paid: {},
  void: {},
};

const EVENT_VERBS: Record<InvoiceEvent, string> = {
  finalize: 'finalize',
  pay: 'pay',
  void: 'void',
  mark_uncollectible: 'mark as uncollectible',
};

export function transition(state: InvoiceState, event: InvoiceEvent): { next: InvoiceState; effects: InvoiceEffect[] } {
  const t = INVOICE_TRANSITIONS[state][event];
  if (!t) {
    const hint = state === 'draft' && event === 'void' ? ' Delete the draft instead.' : '';
    throw new DomainError('invalid_state_transition', `Cannot ${EVENT_VERBS[event]} an invoice whose status is ${state}.${hint}`);
  }
  // A copy, so a caller cannot edit the shared table.
  return { next: t.next, effects: [...t.effects] };
}

/** The same function under a name that stays clear when re-exported from the module index. */
export { transition as transitionInvoice };
