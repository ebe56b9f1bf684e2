export const MIN_PASSWORD_LENGTH = 10;

/** Null when the password is acceptable, else why not (shown on the password field). */
export function passwordProblem(password: string, email: string): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  const lower = password.trim().toLowerCase();
  const [local] = email.toLowerCase().split('@');
  if (lower === email.toLowerCase() || lower === local) return 'The password must not be your email address.';
  return null;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
