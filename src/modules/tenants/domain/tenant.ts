/** The business on whose behalf a use case runs, with the time it is "now" for that business. */
export type TenantContext = {
  id: string;
  name: string;
  mode: 'live' | 'test';
  currency: string;
  timezone: string;
  locale: string;
  invoicePrefix: string;
  paymentTermsDays: number;
  /** Test-mode businesses have their own clock; live ones follow the injected clock. */
  now: Date;
};

export const SUPPORTED_LOCALES = ['en', 'vi', 'lv', 'th', 'hy'] as const;
export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number];

/** "Sunrise Fitness" -> "SUN": the letters that start every invoice number of the business. */
export function invoicePrefixFor(name: string): string {
  const letters = name
    .normalize('NFKD')
    .replace(/[^A-Za-z]/g, '')
    .toUpperCase();
  return `${letters}DUL`.slice(0, 3);
}

/** Gapless, readable invoice numbers: SUN-2026-000123. */
export function formatInvoiceNumber(prefix: string, year: number, sequence: number): string {
  return `${prefix}-${year}-${String(sequence).padStart(6, '0')}`;
}
