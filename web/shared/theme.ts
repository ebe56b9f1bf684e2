import { createTheme } from '@mantine/core';

/** Noto covers Thai and Armenian where the system font may not. */
export const theme = createTheme({
  primaryColor: 'teal',
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans Thai", "Noto Sans Armenian", sans-serif',
});
