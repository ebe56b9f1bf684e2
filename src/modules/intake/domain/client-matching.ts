/**
 * One client across channels (I7): an email, a Telegram contact or a web form is the same client
 * when it carries a *verified* email address or phone number of theirs. A contact someone merely
 * typed (a form can name anybody's address) never attaches a request to an existing client by
 * itself; it makes that client a possible duplicate for staff to merge or keep apart.
 */
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';

/** The phone number in E.164 (`+37120000000`), or null when it is not a valid number. */
export function normalisePhone(raw: string, defaultCountry?: CountryCode): string | null {
  const parsed = parsePhoneNumberFromString(raw.trim(), defaultCountry);
  return parsed?.isValid() ? parsed.number : null;
}

/** Addresses compare without case or surrounding spaces (the local part is case-insensitive in practice). */
export function normaliseEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

/** Names compare without case, accents or extra spaces: "Jānis  Kalniņš" ~ "janis kalnins". */
export function normaliseName(raw: string): string {
  return raw.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

export type KnownClient = {
  customerId: string;
  name: string;
  email: string | null;
  emailVerified: boolean;
  /** E.164. */
  phone: string | null;
  phoneVerified: boolean;
};

/** What an incoming message says about its sender; `verified` when the channel proved it (a shared Telegram contact, a replied-to email). */
export type Sender = {
  name?: string | null;
  email?: string | null;
  emailVerified?: boolean;
  /** E.164. */
  phone?: string | null;
  phoneVerified?: boolean;
};

export type DuplicateReason = 'email' | 'phone' | 'name';

export type ClientMatch =
  | { kind: 'existing'; customerId: string; by: 'email' | 'phone' }
  | { kind: 'new'; possibleDuplicates: { customerId: string; reasons: DuplicateReason[] }[] };

export function matchClient(sender: Sender, clients: readonly KnownClient[]): ClientMatch {
  const email = sender.email ? normaliseEmail(sender.email) : null;
  const name = sender.name ? normaliseName(sender.name) : null;
  // Only a contact both sides have proved is the same person.
  const byEmail = email && sender.emailVerified ? clients.find((c) => c.emailVerified && c.email !== null && normaliseEmail(c.email) === email) : undefined;
  if (byEmail) return { kind: 'existing', customerId: byEmail.customerId, by: 'email' };
  const byPhone = sender.phone && sender.phoneVerified ? clients.find((c) => c.phoneVerified && c.phone === sender.phone) : undefined;
  if (byPhone) return { kind: 'existing', customerId: byPhone.customerId, by: 'phone' };

  const possibleDuplicates = clients
    .map((client) => {
      const reasons: DuplicateReason[] = [];
      if (email && client.email !== null && normaliseEmail(client.email) === email) reasons.push('email');
      if (sender.phone && client.phone === sender.phone) reasons.push('phone');
      if (name && normaliseName(client.name) === name) reasons.push('name');
      return { customerId: client.customerId, reasons };
    })
    .filter((candidate) => candidate.reasons.length > 0);
  return { kind: 'new', possibleDuplicates };
}
