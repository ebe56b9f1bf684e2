/** TOTP codes change every 30 seconds; one step either side is accepted for clock drift. */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_TOLERANCE_STEPS = 1;
export const RECOVERY_CODE_COUNT = 10;

export function totpStepAt(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

/** Recovery codes are typed by hand: compare them without case, spaces or dashes. */
export function normaliseRecoveryCode(code: string): string {
  return code.replace(/[\s-]/g, '').toLowerCase();
}
