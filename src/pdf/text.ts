import { readFileSync } from 'node:fs';
import { type FontSet, insertThaiBreaks, notoFonts, splitRuns, WORD_BREAK } from './fonts.ts';
import { woffToSfnt } from './woff.ts';

/**
 * Text layout on top of pdfkit. pdfkit wraps one font at a time, but a line here mixes fonts
 * (a Thai name next to Latin digits), so lines are broken and measured here across runs and each
 * run is drawn on a shared baseline.
 */

export interface TextStyle {
  size: number;
  bold?: boolean;
  color?: string;
}

export interface BoxOptions extends TextStyle {
  width: number;
  align?: 'left' | 'right' | 'center';
  /** Adds a link annotation over each drawn line. */
  link?: string;
  underline?: boolean;
}

const fontFiles = new Map<string, Buffer>();

export function registerFonts(doc: PDFKit.PDFDocument, set: FontSet): void {
  for (const face of set.faces) {
    let data = fontFiles.get(face.file);
    if (!data) {
      data = woffToSfnt(readFileSync(face.file));
      fontFiles.set(face.file, data);
    }
    doc.registerFont(face.name, data);
  }
}

/** The font set a document was created with (see `createDocument`). */
const documentFonts = new WeakMap<PDFKit.PDFDocument, FontSet>();

export function loadDocumentFonts(doc: PDFKit.PDFDocument, set: FontSet = notoFonts): void {
  registerFonts(doc, set);
  documentFonts.set(doc, set);
}

function runsOf(doc: PDFKit.PDFDocument, text: string, style: TextStyle) {
  return splitRuns(text.replaceAll(WORD_BREAK, ''), style.bold ? 700 : 400, documentFonts.get(doc) ?? notoFonts);
}

export function lineHeight(size: number): number {
  return size * 1.45;
}

export function widthOf(doc: PDFKit.PDFDocument, text: string, style: TextStyle): number {
  let width = 0;
  for (const run of runsOf(doc, text, style)) width += doc.font(run.font).fontSize(style.size).widthOfString(run.text);
  return width;
}

const TRAILING_GAP = /[\s\u200b]+$/u;
const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

/** Splits a word wider than the box (a long URL) between graphemes. */
function breakLongWord(doc: PDFKit.PDFDocument, word: string, width: number, style: TextStyle): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const { segment } of graphemes.segment(word)) {
    if (piece && widthOf(doc, piece + segment, style) > width) {
      pieces.push(piece);
      piece = '';
    }
    piece += segment;
  }
  if (piece) pieces.push(piece);
  return pieces;
}

/** Breaks text into lines no wider than `width`, at spaces, newlines and Thai word boundaries. */
export function wrap(doc: PDFKit.PDFDocument, text: string, width: number, style: TextStyle): string[] {
  const lines: string[] = [];
  for (const paragraph of insertThaiBreaks(text.normalize('NFC')).split('\n')) {
    const tokens = paragraph.match(/[^\s\u200b]+[\s\u200b]*|[\s\u200b]+/gu) ?? [''];
    let line = '';
    for (const token of tokens) {
      const candidate = line + token;
      if (widthOf(doc, candidate.replace(TRAILING_GAP, ''), style) <= width) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      const pieces = breakLongWord(doc, token.replace(TRAILING_GAP, ''), width, style);
      lines.push(...pieces.slice(0, -1));
      line = (pieces.at(-1) ?? '') + (token.match(TRAILING_GAP)?.[0] ?? '');
    }
    lines.push(line);
  }
  return lines.map((l) => l.replace(TRAILING_GAP, '').replaceAll(WORD_BREAK, ''));
}

/** Draws one line without wrapping; `y` is the top of the line box. Returns the drawn width. */
export function drawLine(doc: PDFKit.PDFDocument, text: string, x: number, y: number, style: TextStyle): number {
  const baseline = y + style.size * 1.1;
  let cx = x;
  doc.fillColor(style.color ?? '#1a1a1a');
  for (const run of runsOf(doc, text, style)) {
    doc.font(run.font).fontSize(style.size);
    doc.text(run.text, cx, baseline, { lineBreak: false, baseline: 'alphabetic' });
    cx += doc.widthOfString(run.text);
  }
  return cx - x;
}

/** Draws wrapped text in a box of the given width; returns the height used. */
export function drawText(doc: PDFKit.PDFDocument, text: string, x: number, y: number, options: BoxOptions): number {
  const height = lineHeight(options.size);
  const lines = wrap(doc, text, options.width, options);
  lines.forEach((line, i) => {
    const width = widthOf(doc, line, options);
    const dx = options.align === 'right' ? options.width - width : options.align === 'center' ? (options.width - width) / 2 : 0;
    const top = y + i * height;
    drawLine(doc, line, x + dx, top, options);
    if (options.underline) {
      const under = top + options.size * 1.3;
      doc
        .moveTo(x + dx, under)
        .lineTo(x + dx + width, under)
        .lineWidth(0.6)
        .strokeColor(options.color ?? '#1a1a1a')
        .stroke();
    }
    if (options.link) doc.link(x + dx, top, width, height, options.link);
  });
  return lines.length * height;
}

/** Height `drawText` would use, without drawing. */
export function textHeight(doc: PDFKit.PDFDocument, text: string, options: BoxOptions): number {
  return wrap(doc, text, options.width, options).length * lineHeight(options.size);
}
