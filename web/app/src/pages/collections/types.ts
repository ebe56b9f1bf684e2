/** The collections API as the server sends it (src/modules/collections/http/dto.ts). */
export type CaseState = 'open' | 'in_collections' | 'closed';

export type StepRef = { key: string; invoice: string; at: number } | null;

export type CollectionCase = {
  id: string;
  object: 'collection_case';
  customer: string;
  customer_name: string;
  currency: string;
  state: CaseState;
  amount_overdue: number;
  invoice_count: number;
  oldest_due_date: number | null;
  days_overdue: number;
  priority: number;
  last_step: StepRef;
  next_step: StepRef;
  opened: number;
  handed_off_at: number | null;
  written_off: boolean;
  closed_at: number | null;
  closed_reason: string | null;
};

export type StepStatus = 'done' | 'skipped' | 'scheduled' | 'paused' | 'stopped' | 'not_applicable';

export type CaseStep = {
  key: string;
  offset_days: number;
  template: string | null;
  status: StepStatus;
  scheduled_for: number | null;
  executed_at: number | null;
  messages: { id: string; channel: string; recipient: string; template: string; status: string; scheduled_for: number | null; sent_at: number | null }[];
  actions: unknown[];
};

export type CaseInvoice = {
  id: string;
  number: string | null;
  status: string;
  total: number;
  amount_remaining: number;
  due_date: number | null;
  reminders: 'active' | 'paused' | 'finished' | 'handed_off' | 'closed';
  closed_reason: string | null;
  steps: CaseStep[];
};

export type CaseTask = {
  id: string;
  object: 'collection_task';
  invoice: string;
  step: string;
  assignee_email: string;
  note: string | null;
  status: string;
  created: number;
};

export type CaseDetail = CollectionCase & { invoices: CaseInvoice[]; tasks: CaseTask[] };

export type Message = {
  id: string;
  object: 'message';
  customer: string | null;
  channel: string;
  template: string;
  recipient: string;
  subject: string | null;
  invoice: string | null;
  status: string;
  sent_at: number | null;
  scheduled_for: number | null;
  created: number;
};

export const CASE_STATE_COLORS: Record<CaseState, string> = { open: 'red', in_collections: 'grape', closed: 'gray' };

const KNOWN_TEMPLATES = new Set(['upcoming', 'due_today', 'friendly', 'firm', 'final', 'hand_off']);

/** A step's name: the translated template when it is a standard one, else the owner's own key. */
export function stepLabel(t: (key: string) => string, step: { key: string; template?: string | null }): string {
  if (step.template && KNOWN_TEMPLATES.has(step.template)) return t(`collections.template.${step.template}`);
  if (KNOWN_TEMPLATES.has(step.key)) return t(`collections.template.${step.key}`);
  if (step.key === 'final_notice') return t('collections.template.final');
  return step.key.replace(/_/g, ' ');
}

export const appHref = (path: string) => `~/app${path}`;
