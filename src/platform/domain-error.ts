/**
 * The one error type domain code throws for rule violations a caller can cause
 * (as opposed to programmer errors, which stay plain RangeError/TypeError).
 * `code` is stable and machine-readable: the HTTP layer maps it to a status and
 * the wire shape `{ error: { type, code, message, param? } }`.
 */
export class DomainError extends Error {
  constructor(
    public code: string,
    message: string,
    public param?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
