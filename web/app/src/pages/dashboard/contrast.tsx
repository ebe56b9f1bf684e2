import { Box } from '@mantine/core';
import type { CSSProperties, ReactNode } from 'react';

/**
 * Text in WCAG AA contrast (4.5:1): Mantine's defaults fall under it on white — gray.6 for dimmed
 * text, teal.6 for links and filled buttons, teal.9 on teal.1 for light badges. Scoped to these
 * areas until the shared theme raises them for the whole app.
 */
const READABLE = {
  '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
  '--mantine-color-anchor': 'var(--mantine-color-teal-9)',
  // The primary (teal) buttons and badges: shade 6 under white text is 2.5:1, shade 9 is 5:1.
  '--mantine-primary-color-filled': 'var(--mantine-color-teal-9)',
  '--mantine-primary-color-filled-hover': 'var(--mantine-color-teal-8)',
  '--mantine-color-teal-filled': 'var(--mantine-color-teal-9)',
  '--mantine-color-teal-filled-hover': 'var(--mantine-color-teal-8)',
  '--mantine-primary-color-light': 'var(--mantine-color-teal-0)',
  '--mantine-color-teal-light': 'var(--mantine-color-teal-0)',
} as CSSProperties;

export function ReadableContrast({ children }: { children: ReactNode }) {
  return <Box style={READABLE}>{children}</Box>;
}
