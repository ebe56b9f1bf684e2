import { parse, TYPE } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../errors.ts';
import { loadCatalogues } from './catalogues.ts';
import { SUPPORTED_LOCALES, translator } from './index.ts';

/**
 * The web apps show `errors:<code>` in the user's language instead of the server's English
 * message (web/shared/api.ts). So every code of the error table needs a message in every locale,
 * and a new code cannot ship untranslated.
 */
const catalogues = loadCatalogues();

/** Codes the browser makes up itself (web/shared/api.ts), not sent by the server. */
const CLIENT_ONLY_CODES = ['network_error'];

const serverCodes = Object.keys(ERROR_CODES).sort();
const expectedKeys = [...serverCodes, ...CLIENT_ONLY_CODES].sort();

describe('the errors catalogue', () => {
  it.each(SUPPORTED_LOCALES)('%s has a message for every error code, and no key that is not a code', (locale) => {
    const namespace = catalogues[locale].errors;
    expect(namespace, `${locale}/errors.json`).toBeDefined();
    const keys = Object.keys(namespace ?? {});
    expect(
      serverCodes.filter((code) => !keys.includes(code)),
      `codes of src/platform/errors.ts without a message in ${locale}/errors.json`,
    ).toEqual([]);
    expect(
      keys.filter((key) => !expectedKeys.includes(key)),
      `keys of ${locale}/errors.json that are no longer error codes`,
    ).toEqual([]);
  });

  it.each(SUPPORTED_LOCALES)('%s messages are plain text the browser can show without variables', (locale) => {
    const t = translator(locale);
    for (const code of expectedKeys) {
      const message = catalogues[locale].errors?.[code];
      expect(typeof message, code).toBe('string');
      // api.ts renders these with no values, so a placeholder would be shown as-is or fail.
      expect(
        parse(message as string).every((element) => element.type === TYPE.literal),
        `${locale} errors:${code} has an argument`,
      ).toBe(true);
      const text = t(`errors:${code}`);
      expect(text.trim(), code).not.toBe('');
      expect(text, code).not.toMatch(/[{}<>]/);
    }
  });
});
