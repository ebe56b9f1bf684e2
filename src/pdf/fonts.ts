import { createRequire } from 'node:module';

/**
 * Fonts for every script Duly prints, from the Noto families on npm (@fontsource, WOFF:
 * pdfkit draws nothing with WOFF2). @fontsource ships each family as unicode-range subsets,
 * so one "font" here is one subset file; a string is cut into runs, each drawn with a face
 * that really has its glyphs.
 */

const require = createRequire(import.meta.url);

export type Script = 'thai' | 'armenian' | 'base';
export type Weight = 400 | 700;

export interface FontFace {
  /** Name the face is registered under in a PDF document. */
  name: string;
  file: string;
  weight: Weight;
  /** Thai and Armenian text goes to faces of its script; everything else to the base faces. */
  script: Script;
  /** Code point ranges (inclusive) the subset file covers, from the package's unicode.json. */
  ranges: [number, number][];
}

export interface FontSet {
  faces: FontFace[];
}

export interface Run {
  text: string;
  font: string;
}

function parseRanges(spec: string): [number, number][] {
  return spec.split(',').map((part) => {
    const [from, to] = part.replace(/^U\+/, '').split('-');
    const start = Number.parseInt(from!, 16);
    return [start, to === undefined ? start : Number.parseInt(to, 16)];
  });
}

function subsetFaces(pkg: string, family: string, subsets: string[], script: Script): FontFace[] {
  const unicode = require(`${pkg}/unicode.json`) as Record<string, string>;
  const faces: FontFace[] = [];
  for (const weight of [400, 700] as const) {
    for (const subset of subsets) {
      const spec = unicode[subset];
      if (!spec) throw new Error(`${pkg} has no ${subset} subset`);
      faces.push({
        name: `${family}-${subset}-${weight}`,
        file: require.resolve(`${pkg}/files/${family}-${subset}-${weight}-normal.woff`),
        weight,
        script,
        ranges: parseRanges(spec),
      });
    }
  }
  return faces;
}

/** The fonts documents are printed with: Noto Sans (Latin, Vietnamese, Cyrillic, Greek), Noto Sans Thai, Noto Sans Armenian. */
export const notoFonts: FontSet = {
  faces: [
    ...subsetFaces('@fontsource/noto-sans', 'noto-sans', ['latin', 'latin-ext', 'vietnamese', 'cyrillic', 'cyrillic-ext', 'greek'], 'base'),
    ...subsetFaces('@fontsource/noto-sans-thai', 'noto-sans-thai', ['thai'], 'thai'),
    ...subsetFaces('@fontsource/noto-sans-armenian', 'noto-sans-armenian', ['armenian'], 'armenian'),
  ],
};

/** A font set of the given subsets of Noto Sans only (tests use a Latin-only set to produce tofu on purpose). */
export function notoSansSubsets(subsets: string[]): FontSet {
  return { faces: subsetFaces('@fontsource/noto-sans', 'noto-sans', subsets, 'base') };
}

export function scriptOf(codePoint: number): Script | 'neutral' {
  if (codePoint >= 0x0e00 && codePoint <= 0x0e7f) return 'thai';
  if ((codePoint >= 0x0530 && codePoint <= 0x058f) || (codePoint >= 0xfb13 && codePoint <= 0xfb17)) return 'armenian';
  // Spaces and break opportunities belong to no script: they stay in the run around them.
  if (/[\s\u200b]/u.test(String.fromCodePoint(codePoint))) return 'neutral';
  return 'base';
}

function covers(face: FontFace, codePoints: number[]): boolean {
  return codePoints.every((cp) => face.ranges.some(([from, to]) => cp >= from && cp <= to));
}

/** Every Noto subset has a space and a no-break space, whatever its declared range says. */
const EVERY_FACE_HAS = /^[ \u00a0\u200b]+$/u;
const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

function faceFor(set: FontSet, codePoints: number[], weight: Weight): FontFace {
  const faces = set.faces.filter((f) => f.weight === weight);
  const script = codePoints.map(scriptOf).find((s) => s === 'thai' || s === 'armenian') ?? 'base';
  const ofScript = faces.filter((f) => f.script === script);
  const base = faces.filter((f) => f.script === 'base');
  // The first base face is the last resort: a missing glyph then shows as a box, never silently vanishes.
  return ofScript.find((f) => covers(f, codePoints)) ?? base.find((f) => covers(f, codePoints)) ?? ofScript[0] ?? base[0]!;
}

/**
 * Cuts text into runs of one font each. Graphemes are kept whole (a Vietnamese letter with
 * its marks, a Thai consonant with its vowel) so a mark is never drawn in another font than its base.
 */
export function splitRuns(text: string, weight: Weight = 400, set: FontSet = notoFonts): Run[] {
  const byName = new Map(set.faces.map((f) => [f.name, f]));
  const runs: Run[] = [];
  let pendingNeutral = '';
  for (const { segment } of graphemes.segment(text.normalize('NFC'))) {
    const codePoints = [...segment].map((c) => c.codePointAt(0)!);
    const last = runs.at(-1);
    if (codePoints.every((cp) => scriptOf(cp) === 'neutral')) {
      if (!last) pendingNeutral += segment;
      else if (EVERY_FACE_HAS.test(segment) || covers(byName.get(last.font)!, codePoints)) last.text += segment;
      else runs.push({ text: segment, font: faceFor(set, codePoints, weight).name });
      continue;
    }
    const font = faceFor(set, codePoints, weight).name;
    if (last && last.font === font) last.text += segment;
    else runs.push({ text: pendingNeutral + segment, font });
    pendingNeutral = '';
  }
  if (pendingNeutral) runs.push({ text: pendingNeutral, font: faceFor(set, [0x20], weight).name });
  return runs;
}

export const WORD_BREAK = '\u200b';
const thaiWords = new Intl.Segmenter('th', { granularity: 'word' });
const THAI = /[\u0e00-\u0e7f]/u;

/** Thai is written without spaces between words: mark each word boundary with a zero-width space so lines wrap between words. */
export function insertThaiBreaks(text: string): string {
  if (!THAI.test(text)) return text;
  let out = '';
  let previous = '';
  for (const { segment } of thaiWords.segment(text)) {
    if (THAI.test(previous.at(-1) ?? '') && THAI.test(segment[0] ?? '')) out += WORD_BREAK;
    out += segment;
    previous = segment;
  }
  return out;
}
