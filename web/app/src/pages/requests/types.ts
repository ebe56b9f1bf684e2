/** The /v1/requests shapes the requests pages read (only the fields they use). */
export const NS = 'app-requests';

export type RequestState = 'review' | 'accepted' | 'spam' | 'new' | 'assigned' | 'in_progress' | 'done';

export const CHANNELS = ['web_form', 'email', 'telegram', 'manual'] as const;
export type Channel = (typeof CHANNELS)[number];

export const KINDS = ['enquiry', 'order', 'appointment', 'signup', 'email', 'chat'] as const;

export type DuplicateReason = 'email' | 'phone' | 'telegram' | 'name';

export type RequestSender = {
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  telegram_chat_id?: string | null;
  locale?: string | null;
};

export type IntakeRequest = {
  id: string;
  object: 'request';
  customer_id: string | null;
  customer_name: string | null;
  kind: string;
  channel: string;
  state: RequestState;
  subject: string | null;
  assignee_user_id: string | null;
  assignee_name: string | null;
  routing_reason: string | null;
  sender: RequestSender;
  unverified_match: boolean;
  fields: Record<string, string>;
  possible_duplicates: { customer_id: string; customer_name: string | null; reasons: DuplicateReason[] }[];
  last_message_at: number;
  created: number;
  closed_at: number | null;
};

export type Attachment = { id: string; filename: string; content_type: string; size: number; url: string };

export type RequestMessage = {
  id: string;
  direction: 'in' | 'out';
  channel: string;
  from: string | null;
  subject: string | null;
  text: string;
  received_at: number;
  attachments: Attachment[];
};

export type RequestDetail = IntakeRequest & { messages: RequestMessage[] };

export const requestKey = (id: string) => ['requests', 'detail', id] as const;
export const REQUESTS_KEY = ['requests'] as const;

/** Who a request is from: its client, or for an unknown sender whatever they told us. */
export function senderLabel(request: Pick<IntakeRequest, 'customer_name' | 'sender'>): string {
  const s = request.sender;
  return request.customer_name ?? s.name ?? s.email ?? s.phone ?? s.telegram_chat_id ?? '—';
}
