import { unix } from '../../../platform/http/dto.ts';
import type { CaseDetail, StepProgress } from '../app/get-case.ts';
import type { ReminderLadderSetting } from '../app/ladder-settings.ts';
import type { CaseSummary } from '../app/list-cases.ts';

export const ladderDto = (l: ReminderLadderSetting) => ({
  object: 'reminder_ladder' as const,
  steps: l.steps.map((s) => ({ key: s.key, offset_days: s.offset_days, channels: s.channels, template: s.template, actions: s.actions })),
  write_off_on_hand_off: l.writeOffOnHandOff,
  updated: unix(l.updatedAt),
});

const stepRef = (s: { key: string; invoiceId: string; at: Date } | null) => (s ? { key: s.key, invoice: s.invoiceId, at: unix(s.at) } : null);

export const caseDto = (c: CaseSummary) => ({
  id: c.id,
  object: 'collection_case' as const,
  customer: c.customerId,
  customer_name: c.customerName,
  currency: c.currency,
  state: c.state,
  amount_overdue: c.amountOverdue,
  invoice_count: c.invoiceCount,
  oldest_due_date: unix(c.oldestDueDate),
  days_overdue: c.daysOverdue,
  priority: c.priority,
  last_step: stepRef(c.lastStep),
  next_step: stepRef(c.nextStep),
  opened: unix(c.openedAt),
  handed_off_at: unix(c.handedOffAt),
  written_off: c.writtenOff,
  closed_at: unix(c.closedAt),
  closed_reason: c.closedReason,
});

const stepDto = (s: StepProgress) => ({
  key: s.key,
  offset_days: s.offsetDays,
  template: s.template,
  status: s.status,
  scheduled_for: unix(s.scheduledFor),
  executed_at: unix(s.executedAt),
  messages: s.messages.map((m) => ({
    id: m.id,
    channel: m.channel,
    recipient: m.recipient,
    template: m.template,
    status: m.status,
    scheduled_for: unix(m.scheduledFor),
    sent_at: unix(m.sentAt),
  })),
  actions: s.actions,
});

export const caseDetailDto = (c: CaseDetail) => ({
  ...caseDto(c),
  invoices: c.invoices.map(({ invoice, dunning, steps }) => ({
    id: invoice.id,
    number: invoice.number,
    status: invoice.status,
    total: invoice.total,
    amount_remaining: invoice.amountRemaining,
    due_date: unix(invoice.dueDate),
    reminders: dunning.state,
    closed_reason: dunning.closedReason,
    steps: steps.map(stepDto),
  })),
  tasks: c.tasks.map((t) => ({
    id: t.id,
    object: 'collection_task' as const,
    invoice: t.invoiceId,
    step: t.stepKey,
    assignee_email: t.assigneeEmail,
    note: t.note,
    status: t.status,
    created: unix(t.createdAt),
  })),
});
