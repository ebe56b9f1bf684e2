/**
 * When ladder steps are due. A step runs at 09:00 on its day in the client's calendar (the due
 * day plus its offset). A ladder is due-driven: whatever was missed, only the latest step that is
 * now due runs; the ones it overtook are recorded as skipped, so a scheduler that was down for a
 * week sends one message, not a burst.
 */
import { addDaysLocal, type LocalDate, localMidnightToInstant, toLocalDate } from '../../subscriptions/domain/billing-calendar.ts';
import type { LadderStep } from './ladder.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
export const STEP_LOCAL_HOUR = 9;

export function parseLocalDate(iso: string): LocalDate {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  return { year, month, day };
}

export function formatLocalDate(d: LocalDate): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

/** The invoice's due day in a time zone, as stored on the ladder row. */
export const localDueDateOf = (dueDate: Date, timeZone: string) => formatLocalDate(toLocalDate(dueDate, timeZone));

export function stepInstant(localDueDate: string, offsetDays: number, timeZone: string): Date {
  const day = addDaysLocal(parseLocalDate(localDueDate), offsetDays);
  return new Date(localMidnightToInstant(day, timeZone).getTime() + STEP_LOCAL_HOUR * HOUR_MS);
}

/** The first moment the invoice counts as overdue: the start of the day after its due day. */
export function overdueInstant(localDueDate: string, timeZone: string): Date {
  return localMidnightToInstant(addDaysLocal(parseLocalDate(localDueDate), 1), timeZone);
}

/** Whole calendar days between the due day and `now`'s day (negative before it is due). */
export function daysOverdue(localDueDate: string, timeZone: string, now: Date): number {
  const due = parseLocalDate(localDueDate);
  const today = toLocalDate(now, timeZone);
  return Math.round((Date.UTC(today.year, today.month - 1, today.day) - Date.UTC(due.year, due.month - 1, due.day)) / DAY_MS);
}

type Where = { localDueDate: string; timeZone: string };

export const remainingSteps = (steps: LadderStep[], lastOffset: number | null) => steps.filter((s) => lastOffset === null || s.offset_days > lastOffset);

/**
 * Where a new invoice starts on the ladder: steps whose time passed before it was issued do not
 * apply (an invoice due today gets no "due in 3 days" notice), so it starts after the last of them.
 */
export function startingOffset(steps: LadderStep[], where: Where, issuedAt: Date): number | null {
  const passed = steps.filter((s) => stepInstant(where.localDueDate, s.offset_days, where.timeZone).getTime() <= issuedAt.getTime());
  return passed.length > 0 ? passed[passed.length - 1]!.offset_days : null;
}

/** The steps due at `now`: the latest one runs, the earlier ones it overtook are skipped. */
export function dueSteps(steps: LadderStep[], lastOffset: number | null, where: Where, now: Date): { run: LadderStep | null; skipped: LadderStep[] } {
  const due = remainingSteps(steps, lastOffset).filter((s) => stepInstant(where.localDueDate, s.offset_days, where.timeZone).getTime() <= now.getTime());
  if (due.length === 0) return { run: null, skipped: [] };
  return { run: due[due.length - 1]!, skipped: due.slice(0, -1) };
}

/** When the row next needs the scheduler: its next step, or becoming overdue if it has no case yet. */
export function nextWake(steps: LadderStep[], lastOffset: number | null, where: Where & { hasCase: boolean }): Date | null {
  const next = remainingSteps(steps, lastOffset)[0];
  const times = [
    ...(next ? [stepInstant(where.localDueDate, next.offset_days, where.timeZone).getTime()] : []),
    ...(where.hasCase ? [] : [overdueInstant(where.localDueDate, where.timeZone).getTime()]),
  ];
  return times.length > 0 ? new Date(Math.min(...times)) : null;
}
