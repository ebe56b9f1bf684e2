export { type AgingReport, type AgingRow, type AgingTotal, agingQuery, agingReport } from './app/aging-report.ts';
export { AGING_BUCKET_KEYS, AGING_BUCKETS, type AgingAmounts, type AgingBucket, agingWindow, bucketForDaysPastDue } from './domain/aging.ts';
export { csvField, formatMajor, neutralizeFormula, toCsv } from './domain/csv.ts';
