import { Box } from '@mantine/core';
import type { CSSProperties, ReactNode } from 'react';

/** Text shades that keep 4.5:1 on white and on the colour's own light tint (badges, outlines). */
const TEXT: Record<string, string> = {
  gray: '#343a40',
  dark: '#1a1b1e',
  blue: '#1864ab',
  cyan: '#0b5f6e',
  teal: '#0b6b55',
  green: '#1e6b30',
  yellow: '#704c00',
  orange: '#9a3a00',
  red: '#a51111',
};

/**
 * WCAG AA contrast for these areas: Mantine's defaults (gray.6 dimmed text, shade-6 links, white
 * on teal.6 buttons, shade-6 text on light badges) fall under 4.5:1 on white. Scoped here until
 * the shared theme raises them for the whole app (modals render outside and keep the theme's).
 */
const READABLE = {
  '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
  '--mantine-color-anchor': 'var(--mantine-color-teal-9)',
  '--mantine-primary-color-filled': 'var(--mantine-color-teal-9)',
  '--mantine-primary-color-filled-hover': TEXT.teal,
  '--mantine-primary-color-light-color': TEXT.teal,
  ...Object.fromEntries(
    Object.entries(TEXT).flatMap(([color, text]) => [
      [`--mantine-color-${color}-light-color`, text],
      [`--mantine-color-${color}-outline`, text],
      [`--mantine-color-${color}-text`, text],
    ]),
  ),
} as CSSProperties;

export function Readable({ children }: { children: ReactNode }) {
  return <Box style={READABLE}>{children}</Box>;
}
