/**
 * Writes the sample documents in docs/samples: an invoice and a statement PDF per language and
 * a PNG of each invoice's first page (needs pdftoppm from poppler-utils).
 * Run: node bin/run-ts.mjs src/pdf/render-samples.ts [out-dir]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderInvoicePdf } from './invoice-pdf.ts';
import { SAMPLE_LANGUAGES, sampleInvoice, sampleStatement } from './sample-data.ts';
import { renderStatementPdf } from './statement-pdf.ts';

const outDir = process.argv[2] ?? 'docs/samples';
mkdirSync(outDir, { recursive: true });

for (const language of SAMPLE_LANGUAGES) {
  const invoice = join(outDir, `invoice-${language}.pdf`);
  writeFileSync(invoice, await renderInvoicePdf(sampleInvoice(language)));
  writeFileSync(join(outDir, `statement-${language}.pdf`), await renderStatementPdf(sampleStatement(language)));
  const png = join(outDir, `invoice-${language}`);
  execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', invoice, png]);
  execFileSync('pdftoppm', [
    '-png',
    '-r',
    '80',
    '-f',
    '1',
    '-l',
    '1',
    '-singlefile',
    join(outDir, `statement-${language}.pdf`),
    join(outDir, `statement-${language}`),
  ]);
  console.log(`${language}: ${invoice}, ${png}.png`);
}
