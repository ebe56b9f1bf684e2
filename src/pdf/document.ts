import PDFDocument from 'pdfkit';
import type { FontSet } from './fonts.ts';
import type { DocumentText } from './labels.ts';
import { drawLine, drawText, lineHeight, loadDocumentFonts, textHeight, widthOf } from './text.ts';

/** The page frame shared by invoices and statements: A4, business header, tables that continue over pages, page footers. */

export interface BusinessDetails {
  name: string;
  address_lines: string[];
  tax_id?: string | null;
  /** PNG or JPEG. */
  logo?: Buffer | null;
  /** `#rrggbb`; the accent of headings, rules and the amount due. */
  brand_color?: string | null;
}

export interface CustomerDetails {
  name: string;
  email?: string | null;
  address_lines: string[];
}

export const PAGE_WIDTH = 595.28;
export const PAGE_HEIGHT = 841.89;
export const MARGIN = 48;
export const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
const CONTENT_BOTTOM = PAGE_HEIGHT - MARGIN - 24;
export const MUTED = '#5f6368';
export const INK = '#1a1a1a';

export interface Frame {
  doc: PDFKit.PDFDocument;
  text: DocumentText;
  brand: string;
  y: number;
}

export interface FrameOptions {
  title: string;
  author: string;
  locale: string;
  /** Creation date written into the file, so the same data gives the same bytes. */
  createdAt: Date;
  brandColor?: string | null;
  fonts?: FontSet;
}

export function createFrame(text: DocumentText, options: FrameOptions): Frame {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    bufferPages: true,
    lang: options.locale,
    displayTitle: true,
    info: { Title: options.title, Author: options.author, Creator: 'Duly', CreationDate: options.createdAt },
  });
  loadDocumentFonts(doc, options.fonts);
  const brand = /^#[0-9a-f]{6}$/i.test(options.brandColor ?? '') ? options.brandColor! : '#2457c5';
  return { doc, text, brand, y: MARGIN };
}

/** Mixes a colour with white: 0 keeps it, 1 gives white. */
export function tint(hex: string, amount: number): string {
  const channel = (i: number) => {
    const value = Number.parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16);
    return Math.round(value + (255 - value) * amount)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(0)}${channel(1)}${channel(2)}`;
}

/** Starts a new page when `height` more points would run into the footer; returns whether it did. */
export function ensureSpace(frame: Frame, height: number): boolean {
  if (frame.y + height <= CONTENT_BOTTOM) return false;
  frame.doc.addPage();
  frame.y = MARGIN;
  return true;
}

/** Logo and business details on the left, document title and number on the right, then a rule in the brand colour. */
export function drawHeader(frame: Frame, business: BusinessDetails, title: string, subtitle: string): void {
  const { doc } = frame;
  let left = MARGIN;
  if (business.logo) {
    doc.image(business.logo, MARGIN, left, { fit: [150, 56] });
    left += 64;
  }
  left += drawText(doc, business.name, MARGIN, left, { size: 12, bold: true, width: 260 });
  for (const line of business.address_lines) left += drawText(doc, line, MARGIN, left, { size: 9, color: MUTED, width: 260 });
  if (business.tax_id) left += drawText(doc, frame.text.t('common.tax_id', { id: business.tax_id }), MARGIN, left, { size: 9, color: MUTED, width: 260 });

  const rightX = PAGE_WIDTH - MARGIN - 220;
  let right = MARGIN;
  right += drawText(doc, title, rightX, right, { size: 22, bold: true, color: frame.brand, width: 220, align: 'right' });
  right += drawText(doc, subtitle, rightX, right, { size: 11, bold: true, width: 220, align: 'right' });
  frame.y = Math.max(left, right) + 10;
  doc
    .moveTo(MARGIN, frame.y)
    .lineTo(PAGE_WIDTH - MARGIN, frame.y)
    .lineWidth(1.5)
    .strokeColor(frame.brand)
    .stroke();
  frame.y += 14;
}

/** The customer on the left, label/value facts (dates, period) on the right. */
export function drawParties(frame: Frame, heading: string, customer: CustomerDetails, facts: [string, string][]): void {
  const { doc } = frame;
  let left = frame.y;
  left += drawText(doc, heading, MARGIN, left, { size: 8.5, bold: true, color: MUTED, width: 240 });
  left += drawText(doc, customer.name, MARGIN, left, { size: 11, bold: true, width: 240 });
  if (customer.email) left += drawText(doc, customer.email, MARGIN, left, { size: 9, color: MUTED, width: 240 });
  for (const line of customer.address_lines) left += drawText(doc, line, MARGIN, left, { size: 9, width: 240 });

  const labelX = PAGE_WIDTH - MARGIN - 280;
  let right = frame.y;
  for (const [label, value] of facts) {
    const used = Math.max(
      drawText(doc, label, labelX, right, { size: 9, color: MUTED, width: 105 }),
      drawText(doc, value, labelX + 105, right, { size: 9, bold: true, width: 175, align: 'right' }),
    );
    right += used + 2;
  }
  frame.y = Math.max(left, right) + 16;
}

export interface Column {
  label: string;
  width: number;
  align?: 'left' | 'right';
}

export interface TableOptions {
  /** Row indexes drawn bold (opening and closing balance rows). */
  boldRows?: number[];
  size?: number;
}

const CELL_PAD = 5;

function drawTableHeader(frame: Frame, columns: Column[], size: number): void {
  const { doc } = frame;
  const height = Math.max(...columns.map((c) => textHeight(doc, c.label, { size, bold: true, width: c.width - 2 * CELL_PAD }))) + 2 * CELL_PAD;
  doc.rect(MARGIN, frame.y, CONTENT_WIDTH, height).fill(tint(frame.brand, 0.85));
  let x = MARGIN;
  for (const c of columns) {
    drawText(doc, c.label, x + CELL_PAD, frame.y + CELL_PAD, { size, bold: true, width: c.width - 2 * CELL_PAD, align: c.align });
    x += c.width;
  }
  frame.y += height;
}

/** A table whose header is repeated on every page it runs onto; cells wrap. */
export function drawTable(frame: Frame, columns: Column[], rows: string[][], options: TableOptions = {}): void {
  const { doc } = frame;
  const size = options.size ?? 9;
  ensureSpace(frame, 3 * lineHeight(size) + 4 * CELL_PAD);
  drawTableHeader(frame, columns, size);
  rows.forEach((row, r) => {
    const bold = options.boldRows?.includes(r) ?? false;
    const style = (c: Column) => ({ size, bold, width: c.width - 2 * CELL_PAD, align: c.align });
    const height = Math.max(...columns.map((c, i) => textHeight(doc, row[i] ?? '', style(c)))) + 2 * CELL_PAD;
    if (ensureSpace(frame, height)) drawTableHeader(frame, columns, size);
    let x = MARGIN;
    columns.forEach((c, i) => {
      drawText(doc, row[i] ?? '', x + CELL_PAD, frame.y + CELL_PAD, style(c));
      x += c.width;
    });
    frame.y += height;
    doc
      .moveTo(MARGIN, frame.y)
      .lineTo(PAGE_WIDTH - MARGIN, frame.y)
      .lineWidth(0.5)
      .strokeColor('#d9dce1')
      .stroke();
  });
  frame.y += 12;
}

export interface SummaryRow {
  label: string;
  value: string;
  strong?: boolean;
}

/** Label/value pairs right-aligned under a table (invoice totals, statement balances); the strong ones on a tinted band. */
export function drawSummary(frame: Frame, rows: SummaryRow[], width = 300): void {
  const { doc } = frame;
  const x = PAGE_WIDTH - MARGIN - width;
  const labelWidth = width * 0.6 - 8;
  const valueWidth = width * 0.4 - 8;
  for (const row of rows) {
    const size = row.strong ? 11 : 9.5;
    const label = { size, bold: row.strong, width: labelWidth, color: row.strong ? frame.brand : INK };
    const value = { ...label, width: valueWidth, align: 'right' as const };
    const height = Math.max(textHeight(doc, row.label, label), textHeight(doc, row.value, value)) + 6;
    ensureSpace(frame, height);
    if (row.strong) doc.rect(x, frame.y, width, height).fill(tint(frame.brand, 0.88));
    drawText(doc, row.label, x + 6, frame.y + 3, label);
    drawText(doc, row.value, x + width - valueWidth - 6, frame.y + 3, value);
    frame.y += height;
  }
  frame.y += 12;
}

/** A heading and wrapped paragraph (terms, notes). */
export function drawSection(frame: Frame, heading: string, body: string): void {
  const { doc } = frame;
  const style = { size: 9, width: CONTENT_WIDTH };
  ensureSpace(frame, lineHeight(10) + textHeight(doc, body, style));
  frame.y += drawText(doc, heading, MARGIN, frame.y, { size: 10, bold: true, width: CONTENT_WIDTH });
  frame.y += drawText(doc, body, MARGIN, frame.y, style) + 10;
}

/** Page numbers and the business name at the bottom of every page, once the page count is known. */
export function drawFooters(frame: Frame, businessName: string): void {
  const { doc } = frame;
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const y = PAGE_HEIGHT - MARGIN;
    const page = frame.text.t('common.page', { page: i + 1, pages: range.count });
    drawLine(doc, businessName, MARGIN, y, { size: 8, color: MUTED });
    drawLine(doc, page, PAGE_WIDTH - MARGIN - widthOf(doc, page, { size: 8 }), y, { size: 8, color: MUTED });
  }
}

export function toBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}
