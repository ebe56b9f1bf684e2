import { Box } from '@mantine/core';
import type { CSSProperties, ReactNode } from 'react';

/**
 * Secondary text and links in WCAG AA contrast: Mantine's defaults (gray.6 for dimmed text, the
 * primary colour's shade 6 for links) fall under 4.5:1 on white. Scoped to these areas until the
 * shared theme raises them for the whole app.
 */
const READABLE = {
  '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
  '--mantine-color-anchor': 'var(--mantine-color-teal-9)',
} as CSSProperties;

export function ReadableContrast({ children }: { children: ReactNode }) {
  return <Box style={READABLE}>{children}</Box>;
}
