/**
 * The reminder ladder (B7): ordered steps relative to an invoice's due date, each saying what to
 * tell the client (template, channels) and what else to do (late fee, suspend, a task, hand-off).
 * Pure: validation and the arithmetic of when each step is due.
 */
import { DomainError } from '../../../platform/domain-error.ts';

export const LADDER_CHANNELS = ['email', 'sms', 'telegram'] as const;
export type LadderChannel = (typeof LADDER_CHANNELS)[number];

/** The tone of a step's message; null sends nothing (an action-only step). */
export const LADDER_TEMPLATES = ['upcoming', 'due_today', 'friendly', 'firm', 'final', 'hand_off'] as const;
export type LadderTemplate = (typeof LADDER_TEMPLATES)[number];

export const ACTION_TYPES = ['late_fee', 'suspend', 'assign_task', 'hand_off'] as const;
export type StepAction =
  | { type: 'late_fee' }
  | { type: 'suspend' }
  | { type: 'assign_task'; assignee_email: string; note?: string | null }
  | { type: 'hand_off' };

export type LadderStep = {
  key: string;
  offset_days: number;
  /** null: every channel that reaches the client (as for invoices). */
  channels: LadderChannel[] | null;
  template: LadderTemplate | null;
  actions: StepAction[];
};

export type Ladder = { steps: LadderStep[]; writeOffOnHandOff: boolean };

/** Work a step leaves for after its transaction, because the use cases doing it open their own. */
export type PendingAction = { type: 'suspend'; subscriptionId: string } | { type: 'write_off'; invoiceId: string };

/** What one action of a step did, for the case history. */
export type StepActionResult = { type: StepAction['type']; outcome: 'done' | 'not_applicable' | 'queued'; id?: string | null };

export const DEFAULT_LADDER: Ladder = {
  steps: [
    { key: 'upcoming', offset_days: -3, channels: null, template: 'upcoming', actions: [] },
    { key: 'due_today', offset_days: 0, channels: null, template: 'due_today', actions: [] },
    { key: 'friendly', offset_days: 3, channels: null, template: 'friendly', actions: [] },
    { key: 'firm', offset_days: 10, channels: null, template: 'firm', actions: [] },
    { key: 'final_notice', offset_days: 21, channels: null, template: 'final', actions: [] },
    { key: 'hand_off', offset_days: 30, channels: null, template: 'hand_off', actions: [{ type: 'hand_off' }] },
  ],
  writeOffOnHandOff: false,
};

export const MAX_STEPS = 20;

const invalid = (message: string, param: string): never => {
  throw new DomainError('reminder_ladder_invalid', message, param);
};

/** Which offsets a template's words fit: "is due on ..." before, "due today" on, "overdue" after. */
function templateFits(template: LadderTemplate, offset: number): boolean {
  if (template === 'upcoming') return offset < 0;
  if (template === 'due_today') return offset === 0;
  return offset > 0;
}

/**
 * The rules a ladder must follow, each failure naming the parameter: offsets strictly increasing,
 * unique keys, each action at most once per step, money and service actions only once overdue,
 * at most one hand-off and only on the last step.
 */
export function validateLadder(steps: LadderStep[]): void {
  if (steps.length === 0) invalid('A ladder needs at least one step.', 'steps');
  if (steps.length > MAX_STEPS) invalid(`A ladder has at most ${MAX_STEPS} steps.`, 'steps');
  const keys = new Set<string>();
  let handOffs = 0;
  steps.forEach((step, i) => {
    const at = `steps[${i}]`;
    if (keys.has(step.key)) invalid(`Step keys must be unique; "${step.key}" is used twice.`, `${at}[key]`);
    keys.add(step.key);
    const previous = steps[i - 1];
    if (previous && step.offset_days <= previous.offset_days) {
      invalid(
        `Offsets must be strictly increasing: step "${step.key}" (${step.offset_days} days) comes after "${previous.key}" (${previous.offset_days} days).`,
        `${at}[offset_days]`,
      );
    }
    if (step.template && !templateFits(step.template, step.offset_days)) {
      invalid(`The template "${step.template}" does not fit a step ${describeOffset(step.offset_days)}.`, `${at}[template]`);
    }
    if (step.channels && new Set(step.channels).size !== step.channels.length) invalid('A channel is listed twice.', `${at}[channels]`);
    if (step.channels && !step.template) invalid('A step without a template sends nothing, so it takes no channels.', `${at}[channels]`);
    const types = new Set<string>();
    step.actions.forEach((action, j) => {
      if (types.has(action.type)) invalid(`The action "${action.type}" is listed twice in one step.`, `${at}[actions][${j}]`);
      types.add(action.type);
      if (action.type !== 'assign_task' && step.offset_days <= 0) {
        invalid(`The action "${action.type}" only applies once the invoice is overdue (offset_days > 0).`, `${at}[actions][${j}]`);
      }
      if (action.type === 'hand_off') {
        handOffs++;
        if (handOffs > 1) invalid('A ladder has at most one hand_off step.', `${at}[actions][${j}]`);
        if (i !== steps.length - 1) invalid('The hand_off step must be the last step of the ladder.', `${at}[actions][${j}]`);
      }
    });
    if (!step.template && step.actions.length === 0) invalid('A step must send a message or do something.', at);
  });
}

function describeOffset(offset: number): string {
  if (offset === 0) return 'on the due date';
  return offset < 0 ? `${-offset} days before the due date` : `${offset} days after the due date`;
}

export const isHandOff = (step: LadderStep) => step.actions.some((a) => a.type === 'hand_off');
