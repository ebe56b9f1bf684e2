import type { LadderTemplate } from './ladder.ts';

/**
 * The message each tone sends. The gentle ones are messaging's own reminders; the firmer ones
 * live in the `collections` catalogue namespace.
 */
export const REMINDER_TEMPLATES = {
  upcoming: 'reminder_upcoming',
  due_today: 'reminder_due_today',
  friendly: 'reminder_overdue',
  firm: 'collections:reminder_firm',
  final: 'collections:reminder_final',
  hand_off: 'collections:reminder_hand_off',
} as const satisfies Record<LadderTemplate, string>;

/** Every template a ladder sends: queued ones are cancelled when the invoice stops needing them. */
export const ALL_REMINDER_TEMPLATES: string[] = Object.values(REMINDER_TEMPLATES);

export const OWNER_TEMPLATES = {
  handedOff: 'collections:handed_off_owner',
  paidAfterHandOff: 'collections:paid_after_hand_off_owner',
  taskAssigned: 'collections:task_assigned',
} as const;
