import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { afterAll, describe, expect, it } from 'vitest';
import { insertThaiBreaks, notoFonts, notoSansSubsets, splitRuns, WORD_BREAK } from '../../src/pdf/fonts.ts';
import { renderInvoicePdf } from '../../src/pdf/invoice-pdf.ts';
import { SAMPLE_LANGUAGES, type SampleLanguage, sampleInvoice, sampleStatement } from '../../src/pdf/sample-data.ts';
import { aging, daysOverdue, statementRows } from '../../src/pdf/statement-data.ts';
import { renderStatementPdf } from '../../src/pdf/statement-pdf.ts';
import { loadDocumentFonts, wrap } from '../../src/pdf/text.ts';
import { formatMoney, translator } from '../../src/platform/i18n/index.ts';
import { popplerAvailable } from '../support/poppler.ts';

const poppler = popplerAvailable;

const dir = mkdtempSync(join(tmpdir(), 'duly-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fileCount = 0;
function save(pdf: Buffer): string {
  const file = join(dir, `doc-${++fileCount}.pdf`);
  writeFileSync(file, pdf);
  return file;
}

/**
 * Text as poppler reads it back, compared in a form both sides share: runs of white space (incl.
 * no-break spaces) become one space. For Thai, poppler places above/below marks as separate
 * "words" and reads SARA AM (drawn as NIKHAHIT + SARA AA) back with an extra SARA AA, so there
 * the comparison keeps the consonants and spacing vowels in order and drops spaces and marks.
 */
function normalise(text: string): string {
  const spaced = text.replace(/\s+/gu, ' ');
  if (!/[\u0e00-\u0e7f]/u.test(spaced)) return spaced;
  return spaced.replace(/[\s\u0e31-\u0e3a\u0e47-\u0e4e]/gu, '');
}
const extractText = (file: string) => normalise(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }));

function embeddedFonts(file: string): { name: string; embedded: boolean }[] {
  const lines = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
  return lines.map((line) => {
    const cells = line.trim().split(/\s+/);
    return {
      name: cells[0]!.replace(/^[A-Z]{6}\+/, ''),
      embedded: line
        .slice(line.indexOf('Identity-H') + 17)
        .trim()
        .startsWith('yes'),
    };
  });
}

/** Page 1 as PNG at 60 dpi, as people would see it. */
function rasterise(file: string): Buffer {
  const out = join(dir, `page-${++fileCount}`);
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', file, out]);
  return readFileSync(`${out}.png`);
}

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

/**
 * Swaps the non-ASCII letters of a text among themselves (ễ <-> ă, ā -> ē -> ņ ...), leaving
 * ASCII and punctuation where they are. If those letters are drawn as real glyphs the page changes;
 * if they all come out as the same "tofu" box, or as nothing, it looks exactly the same.
 */
function rotateScriptLetters(text: string): string {
  const parts = [...graphemes.segment(text)].map((s) => s.segment);
  const positions = parts.flatMap((g, i) => (/\p{L}/u.test(g) && /[^ -~]/u.test(g) ? [i] : []));
  const letters = positions.map((i) => parts[i]!);
  positions.forEach((p, k) => {
    parts[p] = letters[(k + 1) % letters.length]!;
  });
  return parts.join('');
}

const SCRIPT_FONT: Record<SampleLanguage, string> = {
  en: 'NotoSans',
  vi: 'NotoSans',
  lv: 'NotoSans',
  th: 'NotoSansThai',
  hy: 'NotoSansArmenian',
};

describe('statement arithmetic', () => {
  const day = (iso: string) => new Date(`${iso}T12:00:00Z`);

  it('keeps a running balance in date order: invoices and refunds raise it, payments and credit notes lower it', () => {
    const rows = statementRows(1000, [
      { date: day('2026-01-10'), kind: 'payment', reference: 'P1', amount: 1000 },
      { date: day('2026-01-01'), kind: 'invoice', reference: 'I1', amount: 5000 },
      { date: day('2026-01-15'), kind: 'credit_note', reference: 'C1', amount: 500 },
      { date: day('2026-01-20'), kind: 'refund', reference: 'R1', amount: 200 },
    ]);
    expect(rows.map((r) => [r.entry.reference, r.charge, r.credit, r.balance])).toEqual([
      ['I1', 5000, 0, 6000],
      ['P1', 0, 1000, 5000],
      ['C1', 0, 500, 4500],
      ['R1', 200, 0, 4700],
    ]);
  });

  it('ages amounts by calendar days past due in the business time zone', () => {
    const asOf = new Date('2026-03-31T20:00:00Z'); // already 1 April in Bangkok
    expect(daysOverdue(new Date('2026-03-31T10:00:00Z'), asOf, 'Asia/Bangkok')).toBe(1);
    expect(daysOverdue(new Date('2026-03-31T10:00:00Z'), asOf, 'UTC')).toBe(0);
    const items = [
      { reference: 'a', due_date: day('2026-04-10'), amount_due: 1 },
      { reference: 'b', due_date: day('2026-03-31'), amount_due: 2 },
      { reference: 'c', due_date: day('2026-03-01'), amount_due: 4 },
      { reference: 'd', due_date: day('2026-02-28'), amount_due: 8 },
      { reference: 'e', due_date: day('2026-01-29'), amount_due: 16 },
      { reference: 'f', due_date: day('2025-12-30'), amount_due: 32 },
    ];
    expect(aging(items, day('2026-03-31'), 'UTC')).toEqual({ current: 3, d1_30: 4, d31_60: 8, d61_90: 16, d90_plus: 32, total: 63 });
  });
});

describe('fonts per script', () => {
  const faceOf = (name: string) => notoFonts.faces.find((f) => f.name === name)!;

  it.each([
    ['สมชาย ใจดี — คลาสโยคะ', 'thai'],
    ['Արամ Պետրոսյան', 'armenian'],
  ])('draws the letters of %s with the %s face and the rest with Noto Sans', (text, script) => {
    const runs = splitRuns(text);
    for (const run of runs) {
      const face = faceOf(run.font);
      if (/[\u0e00-\u0e7f\u0530-\u058f]/u.test(run.text)) expect(face.script).toBe(script);
      else expect(face.script).toBe('base');
    }
    expect(runs.map((r) => r.text).join('')).toBe(text);
  });

  it('gives every grapheme of every sample a face whose subset contains it', () => {
    for (const language of SAMPLE_LANGUAGES) {
      const invoice = sampleInvoice(language);
      const texts = [invoice.customer.name, ...invoice.business.address_lines, ...invoice.invoice.lines.map((l) => l.description), invoice.invoice.terms!];
      for (const weight of [400, 700] as const) {
        for (const run of splitRuns(texts.join(' '), weight)) {
          const face = faceOf(run.font);
          expect(face.weight).toBe(weight);
          for (const char of run.text.replace(/[\s\u200b]/gu, '')) {
            const cp = char.codePointAt(0)!;
            expect(
              face.ranges.some(([from, to]) => cp >= from && cp <= to),
              `${char} in ${face.name}`,
            ).toBe(true);
          }
        }
      }
    }
  });

  it('marks Thai word boundaries and wraps Thai lines only there', () => {
    const text = 'กรุณาชำระเงินภายในสิบสี่วันนับจากวันที่ออกใบแจ้งหนี้';
    const words = [...new Intl.Segmenter('th', { granularity: 'word' }).segment(text)].map((s) => s.segment);
    expect(insertThaiBreaks(text)).toBe(words.join(WORD_BREAK));

    const doc = new PDFDocument({ autoFirstPage: false });
    loadDocumentFonts(doc);
    const lines = wrap(doc, text, 90, { size: 10 });
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.join('')).toBe(text);
    const boundaries = new Set(words.map((_, i) => words.slice(0, i + 1).join('').length));
    let offset = 0;
    for (const line of lines) {
      offset += line.length;
      expect(boundaries.has(offset), `line "${line}" ends inside a word`).toBe(true);
    }
  });
});

describe.skipIf(!poppler)('invoice and statement PDFs in every language', () => {
  describe.each(SAMPLE_LANGUAGES.map((l) => [l]))('%s', (language) => {
    const t = translator(language);
    const invoice = sampleInvoice(language);
    const statement = sampleStatement(language);

    it('invoice: labels, names and totals come back out in the client language, formatted for its locale', async () => {
      const file = save(await renderInvoicePdf(invoice));
      const text = extractText(file);
      const money = (minor: number) => normalise(formatMoney(minor, invoice.invoice.currency, language));
      expect(text).toContain(normalise(t('pdf:invoice.title')));
      expect(text).toContain(normalise(t('pdf:invoice.amount_due')));
      expect(text).toContain(normalise(invoice.customer.name));
      expect(text).toContain(invoice.invoice.number);
      expect(text).toContain(money(invoice.invoice.amount_due));
      expect(text).toContain(money(invoice.invoice.total));
      expect(text).toContain(money(invoice.invoice.subtotal));
      expect(text).toContain(invoice.invoice.pay_url!);
      expect(readFileSync(file).includes(`/URI (${invoice.invoice.pay_url})`)).toBe(true);
    });

    it('statement: opening and closing balance, every document and the aging summary', async () => {
      const file = save(await renderStatementPdf(statement));
      const text = extractText(file);
      const rows = statementRows(statement.statement.opening_balance, statement.statement.entries);
      const money = (minor: number) => normalise(formatMoney(minor, statement.statement.currency, language));
      expect(text).toContain(normalise(t('pdf:statement.title')));
      expect(text).toContain(normalise(statement.customer.name));
      expect(text).toContain(money(statement.statement.opening_balance));
      expect(text).toContain(money(rows.at(-1)!.balance));
      for (const entry of statement.statement.entries) expect(text).toContain(entry.reference);
      expect(text).toContain(normalise(t('pdf:statement.aging.d90_plus')));
      expect(text).toContain(money(aging(statement.statement.open_items, statement.statement.to, statement.timeZone).d1_30));
    });

    it('embeds only Noto fonts, including the one for this script', async () => {
      for (const pdf of [await renderInvoicePdf(invoice), await renderStatementPdf(statement)]) {
        const fonts = embeddedFonts(save(pdf));
        expect(fonts.length).toBeGreaterThan(0);
        for (const font of fonts) {
          expect(font.name).toMatch(/^NotoSans(Thai|Armenian)?-(Regular|Bold)$/);
          expect(font.embedded).toBe(true);
        }
        expect(fonts.map((f) => f.name)).toContain(`${SCRIPT_FONT[language]}-Regular`);
        expect(fonts.map((f) => f.name)).toContain(`${SCRIPT_FONT[language]}-Bold`);
      }
    });

    // English has no letters outside ASCII to swap; its glyphs are the Latin ones every other language also checks.
    if (language !== 'en')
      it('draws real glyphs for the script: swapping its letters changes the rendered page', async () => {
        const name = rotateScriptLetters(invoice.customer.name);
        const description = rotateScriptLetters(invoice.invoice.lines[0]!.description);
        expect(name).not.toBe(invoice.customer.name);
        const swappedInvoice = {
          ...invoice,
          customer: { ...invoice.customer, name },
          invoice: { ...invoice.invoice, lines: [{ ...invoice.invoice.lines[0]!, description }, ...invoice.invoice.lines.slice(1)] },
        };
        const swappedStatement = { ...statement, customer: { ...statement.customer, name } };
        const pairs = [
          [await renderInvoicePdf(invoice), await renderInvoicePdf(swappedInvoice)],
          [await renderStatementPdf(statement), await renderStatementPdf(swappedStatement)],
        ] as const;
        for (const [original, swapped] of pairs) {
          expect(rasterise(save(original)).equals(rasterise(save(swapped)))).toBe(false);
        }
      });
  });

  it('the swap check catches tofu: with a font that lacks the letters, swapped pages are identical', async () => {
    const latinOnly = { fonts: notoSansSubsets(['latin']) };
    const invoice = sampleInvoice('hy');
    const swapped = { ...invoice, customer: { ...invoice.customer, name: rotateScriptLetters(invoice.customer.name) } };
    const a = rasterise(save(await renderInvoicePdf(invoice, latinOnly)));
    const b = rasterise(save(await renderInvoicePdf(swapped, latinOnly)));
    expect(a.equals(b)).toBe(true);
    expect(a.equals(rasterise(save(await renderInvoicePdf(invoice))))).toBe(false);
  });
});
