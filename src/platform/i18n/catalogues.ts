import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SUPPORTED_LOCALES, type SupportedLocale } from './locale.ts';

/** A namespace file: nested objects whose leaves are ICU message strings. */
export type MessageTree = { [key: string]: string | MessageTree };
/** Every namespace of every supported locale: `catalogues[locale][namespace]`. */
export type Catalogues = Record<SupportedLocale, Record<string, MessageTree>>;

export const LOCALES_DIR = fileURLToPath(new URL('./locales/', import.meta.url));

/**
 * Reads `<dir>/<locale>/<namespace>.json` for every supported locale. Every JSON file in a
 * locale's folder is a namespace, so a new namespace (e.g. `pdf.json`) needs no code change.
 */
export function loadCatalogues(dir: string = LOCALES_DIR): Catalogues {
  const result = {} as Catalogues;
  for (const locale of SUPPORTED_LOCALES) {
    const folder = join(dir, locale);
    const namespaces: Record<string, MessageTree> = {};
    for (const file of readdirSync(folder).filter((name) => name.endsWith('.json'))) {
      const path = join(folder, file);
      const tree: unknown = JSON.parse(readFileSync(path, 'utf8'));
      assertMessageTree(tree, path);
      namespaces[basename(file, '.json')] = tree;
    }
    result[locale] = namespaces;
  }
  return result;
}

/** Leaf key paths of a tree with their messages: `[['invoice_issued.subject', '...'], ...]`. */
export function flattenMessages(tree: MessageTree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]): [string, string][] => {
    const path = prefix ? `${prefix}.${key}` : key;
    return typeof value === 'string' ? [[path, value]] : flattenMessages(value, path);
  });
}

function assertMessageTree(value: unknown, where: string): asserts value is MessageTree {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${where}: a catalogue must be a JSON object of messages`);
  }
  for (const [key, child] of Object.entries(value)) {
    // '.' and ':' separate key paths and namespaces, so they cannot appear inside a key.
    if (/[.:]/.test(key)) throw new Error(`${where}: key "${key}" must not contain '.' or ':'`);
    if (typeof child !== 'string') assertMessageTree(child, `${where} > ${key}`);
  }
}
