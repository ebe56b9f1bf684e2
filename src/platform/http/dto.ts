/** Stripe-style timestamps: seconds since the epoch. */
export function unix(date: Date | null | undefined): number | null {
  return date ? Math.floor(date.getTime() / 1000) : null;
}
