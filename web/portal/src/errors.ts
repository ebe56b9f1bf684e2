import { ApiError } from '@shared/api.ts';
import type { TFunction } from 'i18next';

/** The server's decline code, from "The card was declined (insufficient_funds): ...". */
function declineCode(message: string): string {
  return /\(([a-z_]+)\)/.exec(message)?.[1] ?? 'other';
}

/**
 * What to tell the client about a failed call, in their language: known codes have their own
 * text; anything else shows the server's message (which says what went wrong).
 */
export function errorText(t: TFunction, error: unknown): string {
  if (!(error instanceof ApiError)) return t('errors.network');
  switch (error.code) {
    case 'card_declined': {
      const code = declineCode(error.message);
      return t(`pay.declined.${['insufficient_funds', 'expired_card', 'processing_error'].includes(code) ? code : 'other'}`);
    }
    case 'portal_sign_in_required':
      return t('errors.session_ended');
    case 'portal_link_expired':
      return t('sign_in.expired');
    case 'portal_link_used':
      return t('sign_in.used');
    case 'portal_link_invalid':
      return t('sign_in.invalid');
    case 'portal_rate_limited':
      return t('sign_in.rate_limited');
    case 'resource_missing':
      return t('errors.not_found');
    case 'payment_method_missing':
      return t('autopay.needs_card');
    default:
      return error.message || t('errors.generic');
  }
}
