import {
  type BusinessDetails,
  CONTENT_WIDTH,
  type CustomerDetails,
  createFrame,
  drawFooters,
  drawHeader,
  drawParties,
  drawSummary,
  drawTable,
  ensureSpace,
  MARGIN,
  toBuffer,
} from './document.ts';
import type { RenderOptions } from './invoice-pdf.ts';
import { documentText } from './labels.ts';
import { AGING_BUCKETS, aging, type OpenItem, type StatementEntry, statementRows } from './statement-data.ts';
import { drawText, lineHeight } from './text.ts';

export interface StatementPdfInput {
  business: BusinessDetails;
  customer: CustomerDetails;
  statement: {
    currency: string;
    /** The range covered; the statement is dated `to`. */
    from: Date;
    to: Date;
    /** What the customer owed at `from`, minor units; negative when in credit. */
    opening_balance: number;
    /** Invoices, payments, credit notes and refunds dated within the range, in any order. */
    entries: StatementEntry[];
    /** Invoices still unpaid at `to`, for the aging summary. */
    open_items: OpenItem[];
  };
  locale: string;
  timeZone: string;
}

/** Renders a customer statement: opening balance, every document in the range with a running balance, closing balance and aging. */
export async function renderStatementPdf(input: StatementPdfInput, options: RenderOptions = {}): Promise<Buffer> {
  const { statement } = input;
  const text = documentText(input.locale, input.timeZone, statement.currency);
  const { t, money, date } = text;
  const frame = createFrame(text, {
    title: `${t('statement.title')} ${input.customer.name}`,
    author: input.business.name,
    locale: text.locale,
    createdAt: statement.to,
    brandColor: input.business.brand_color,
    fonts: options.fonts,
  });

  drawHeader(frame, input.business, t('statement.title'), date(statement.to));
  drawParties(frame, t('statement.customer'), input.customer, [
    [t('statement.period'), `${date(statement.from)} – ${date(statement.to)}`],
    [t('statement.date'), date(statement.to)],
  ]);

  const rows = statementRows(statement.opening_balance, statement.entries);
  const closing = rows.at(-1)?.balance ?? statement.opening_balance;
  const charges = rows.reduce((sum, r) => sum + r.charge, 0);
  const credits = rows.reduce((sum, r) => sum + r.credit, 0);
  drawSummary(frame, [
    { label: t('statement.opening_balance'), value: money(statement.opening_balance) },
    { label: t('statement.charges'), value: money(charges) },
    { label: t('statement.credits'), value: money(-credits) },
    { label: t('statement.closing_balance'), value: money(closing), strong: true },
  ]);

  const table = [
    ['', '', t('statement.opening_balance'), '', '', money(statement.opening_balance)],
    ...rows.map((r) => [
      text.shortDate(r.entry.date),
      t(`statement.kind.${r.entry.kind}`),
      r.entry.description ? `${r.entry.reference}\n${r.entry.description}` : r.entry.reference,
      r.charge ? money(r.charge) : '',
      r.credit ? money(r.credit) : '',
      money(r.balance),
    ]),
    ['', '', t('statement.closing_balance'), '', '', money(closing)],
  ];
  drawTable(
    frame,
    [
      { label: t('statement.columns.date'), width: 62 },
      { label: t('statement.columns.type'), width: 70 },
      { label: t('statement.columns.details'), width: CONTENT_WIDTH - 357 },
      { label: t('statement.columns.charges'), width: 75, align: 'right' },
      { label: t('statement.columns.credits'), width: 75, align: 'right' },
      { label: t('statement.columns.balance'), width: 75, align: 'right' },
    ],
    table,
    { boldRows: [0, table.length - 1], size: 8.5 },
  );
  if (rows.length === 0) frame.y += drawText(frame.doc, t('statement.no_activity'), MARGIN, frame.y, { size: 9, width: CONTENT_WIDTH }) + 10;

  const buckets = aging(statement.open_items, statement.to, input.timeZone);
  ensureSpace(frame, lineHeight(10) + 4 * lineHeight(9) + 30);
  frame.y += drawText(frame.doc, t('statement.aging.title'), MARGIN, frame.y, { size: 10, bold: true, width: CONTENT_WIDTH }) + 4;
  const width = CONTENT_WIDTH / (AGING_BUCKETS.length + 1);
  drawTable(
    frame,
    [...AGING_BUCKETS, 'total' as const].map((bucket) => ({ label: t(`statement.aging.${bucket}`), width, align: 'right' as const })),
    [[...AGING_BUCKETS, 'total' as const].map((bucket) => money(buckets[bucket]))],
  );

  drawFooters(frame, input.business.name);
  return toBuffer(frame.doc);
}
