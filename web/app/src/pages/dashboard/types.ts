/** `GET /v1/dashboard` as the server sends it (src/modules/reports/http/dashboard-routes.ts). */
export type WorkItemType = 'reminder_due' | 'card_needed' | 'hand_off' | 'task';

export type WorkItem = {
  type: WorkItemType;
  invoice: string | null;
  invoice_number: string | null;
  customer: string;
  customer_name: string;
  case: string | null;
  amount: number;
  at: number | null;
  detail: string | null;
};

export type AgingKey = 'current' | '1_30' | '31_60' | '61_90' | 'over_90';

export type Dashboard = {
  object: 'dashboard';
  currency: string;
  time_zone: string;
  month: string;
  collected_this_month: number;
  outstanding: number;
  overdue: number;
  mrr: number;
  recovery_rate: number | null;
  recovery: { failed_first_charges: number; recovered: number; window_days: number };
  revenue_trend: { month: string; collected: number }[];
  aging: Record<AgingKey, number>;
  work_queue: WorkItem[];
  work_queue_counts: Record<WorkItemType, number>;
};

export const AGING_KEYS: AgingKey[] = ['current', '1_30', '31_60', '61_90', 'over_90'];

/** A link out of the current area: wouter's `~` skips the nested bases. */
export const appHref = (path: string) => `~/app${path}`;
