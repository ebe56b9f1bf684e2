import { type CSSVariablesResolver, createTheme } from '@mantine/core';

/** Noto covers Thai and Armenian where the system font may not. */
export const theme = createTheme({
  primaryColor: 'teal',
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans Thai", "Noto Sans Armenian", sans-serif',
});

/** Shades that keep 4.5:1 against white and against the colour's own light tint (WCAG AA). */
const READABLE_SHADE: Record<string, string> = {
  gray: '#343a40',
  dark: '#1a1b1e',
  blue: '#1864ab',
  cyan: '#0b5f6e',
  teal: '#0b6b55',
  green: '#1e6b30',
  lime: '#4a6b00',
  yellow: '#704c00',
  orange: '#9a3a00',
  red: '#a51111',
  pink: '#a3134d',
  grape: '#7a1f8f',
  violet: '#5524b0',
  indigo: '#3b3fb0',
};

/**
 * Mantine's light-scheme defaults (gray.6 dimmed text, shade-6 links and badge text, white on
 * shade-6 buttons) fall under 4.5:1; these variables raise every one of them for the whole app,
 * modals and menus included.
 */
export const readableColors: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-anchor': READABLE_SHADE.teal!,
    '--mantine-color-placeholder': 'var(--mantine-color-gray-7)',
    ...Object.fromEntries(
      Object.entries(READABLE_SHADE).flatMap(([color, shade]) => [
        [`--mantine-color-${color}-light-color`, shade],
        [`--mantine-color-${color}-outline`, shade],
        [`--mantine-color-${color}-text`, shade],
        [`--mantine-color-${color}-filled`, shade],
        [`--mantine-color-${color}-filled-hover`, shade],
      ]),
    ),
    '--mantine-primary-color-filled': READABLE_SHADE.teal!,
    '--mantine-primary-color-filled-hover': READABLE_SHADE.teal!,
    '--mantine-primary-color-light-color': READABLE_SHADE.teal!,
  },
  dark: {},
});
