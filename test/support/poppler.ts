import { execFileSync } from 'node:child_process';

function installed(): boolean {
  try {
    execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether tests may read PDFs back with poppler-utils (pdftoppm, pdftotext, pdffonts). CI installs
 * it (.ci/run), so under CI=true a missing poppler fails those tests instead of skipping them; on a
 * newcomer's machine without it they are skipped and `npm test` still passes.
 */
export const popplerAvailable = installed() || process.env.CI === 'true';
