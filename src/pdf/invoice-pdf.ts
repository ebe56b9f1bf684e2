import {
  type BusinessDetails,
  CONTENT_WIDTH,
  type CustomerDetails,
  createFrame,
  drawFooters,
  drawHeader,
  drawParties,
  drawSection,
  drawSummary,
  drawTable,
  ensureSpace,
  type Frame,
  MARGIN,
  type SummaryRow,
  toBuffer,
} from './document.ts';
import type { FontSet } from './fonts.ts';
import { documentText } from './labels.ts';
import { drawText, lineHeight, textHeight, widthOf } from './text.ts';

export type InvoicePdfStatus = 'draft' | 'open' | 'paid' | 'void' | 'uncollectible';

export interface InvoicePdfLine {
  description: string;
  quantity: number;
  /** Minor units, like every amount here. */
  unit_amount: number;
  amount: number;
  tax: number;
}

export interface InvoicePdfInput {
  business: BusinessDetails;
  customer: CustomerDetails;
  invoice: {
    number: string;
    status: InvoicePdfStatus;
    issue_date: Date;
    due_date?: Date | null;
    period?: { start: Date; end: Date } | null;
    currency: string;
    lines: InvoicePdfLine[];
    subtotal: number;
    discount: number;
    tax: number;
    total: number;
    amount_paid: number;
    amount_due: number;
    credit_applied: number;
    terms?: string | null;
    /** "2 % off if paid by <date>: <amount>"; `amount` is what the client pays when taking it. */
    early_payment_discount?: { percent: number; pay_by: Date; amount: number } | null;
    pay_url?: string | null;
  };
  /** The client's language (en, vi, lv, th, hy) and the business's time zone for dates. */
  locale: string;
  timeZone: string;
}

export interface RenderOptions {
  /** Fonts to print with; the Noto set unless a test wants to see what a missing script looks like. */
  fonts?: FontSet;
}

function totals(input: InvoicePdfInput, frame: Frame): SummaryRow[] {
  const { invoice } = input;
  const { t, money } = frame.text;
  const rows: SummaryRow[] = [{ label: t('invoice.subtotal'), value: money(invoice.subtotal) }];
  if (invoice.discount) rows.push({ label: t('invoice.discount'), value: money(-invoice.discount) });
  rows.push({ label: t('invoice.tax'), value: money(invoice.tax) });
  rows.push({ label: t('invoice.total'), value: money(invoice.total) });
  if (invoice.credit_applied) rows.push({ label: t('invoice.credit_applied'), value: money(-invoice.credit_applied) });
  if (invoice.amount_paid) rows.push({ label: t('invoice.amount_paid'), value: money(-invoice.amount_paid) });
  rows.push({ label: t('invoice.amount_due'), value: money(invoice.amount_due), strong: true });
  return rows;
}

/** The early-payment offer and the pay button with its link, when the invoice still has something to pay. */
function drawPayment(frame: Frame, input: InvoicePdfInput): void {
  const { doc, text } = frame;
  const { invoice } = input;
  if (invoice.amount_due <= 0 || invoice.status === 'void') return;
  const offer = invoice.early_payment_discount;
  if (offer) {
    const line = text.t('invoice.early_payment', { percent: text.percent(offer.percent), date: text.date(offer.pay_by), amount: text.money(offer.amount) });
    const style = { size: 10, bold: true, color: frame.brand, width: CONTENT_WIDTH };
    ensureSpace(frame, textHeight(doc, line, style));
    frame.y += drawText(doc, line, MARGIN, frame.y, style) + 8;
  }
  if (invoice.pay_url) {
    const label = text.t('invoice.pay_online');
    const button = { size: 11, bold: true, color: '#ffffff', width: widthOf(doc, label, { size: 11, bold: true }) };
    const height = lineHeight(11) + 10;
    ensureSpace(frame, height + 2 * lineHeight(8.5));
    doc.roundedRect(MARGIN, frame.y, button.width + 28, height, 4).fill(frame.brand);
    drawText(doc, label, MARGIN + 14, frame.y + 5, button);
    doc.link(MARGIN, frame.y, button.width + 28, height, invoice.pay_url);
    frame.y += height + 4;
    frame.y +=
      drawText(doc, invoice.pay_url, MARGIN, frame.y, { size: 8.5, color: frame.brand, width: CONTENT_WIDTH, link: invoice.pay_url, underline: true }) + 10;
  }
}

/** Renders an invoice from plain data (no database access); labels in the client's language. */
export async function renderInvoicePdf(input: InvoicePdfInput, options: RenderOptions = {}): Promise<Buffer> {
  const { invoice } = input;
  const text = documentText(input.locale, input.timeZone, invoice.currency);
  const { t, money, date } = text;
  const frame = createFrame(text, {
    title: `${t('invoice.title')} ${invoice.number}`,
    author: input.business.name,
    locale: text.locale,
    createdAt: invoice.issue_date,
    brandColor: input.business.brand_color,
    fonts: options.fonts,
  });

  drawHeader(frame, input.business, t('invoice.title'), invoice.number);
  const status = t(`invoice.status.${invoice.status}`);
  const facts: [string, string][] = [
    [t('invoice.status.label'), status],
    [t('invoice.issued'), date(invoice.issue_date)],
  ];
  if (invoice.due_date) facts.push([t('invoice.due'), date(invoice.due_date)]);
  if (invoice.period) facts.push([t('invoice.period'), `${date(invoice.period.start)} – ${date(invoice.period.end)}`]);
  drawParties(frame, t('invoice.bill_to'), input.customer, facts);

  drawTable(
    frame,
    [
      { label: t('invoice.description'), width: CONTENT_WIDTH - 300 },
      { label: t('invoice.quantity'), width: 50, align: 'right' },
      { label: t('invoice.unit_price'), width: 85, align: 'right' },
      { label: t('invoice.tax'), width: 75, align: 'right' },
      { label: t('invoice.amount'), width: 90, align: 'right' },
    ],
    invoice.lines.map((line) => [line.description, text.number(line.quantity), money(line.unit_amount), money(line.tax), money(line.amount)]),
  );
  drawSummary(frame, totals(input, frame));
  drawPayment(frame, input);
  if (invoice.terms) drawSection(frame, t('invoice.terms'), invoice.terms);
  drawFooters(frame, input.business.name);
  return toBuffer(frame.doc);
}
