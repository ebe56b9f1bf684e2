import { Anchor, type MantineColorsTuple } from '@mantine/core';
import { theme } from '@shared/theme.ts';

const HEX = /^#([0-9a-f]{6})$/i;

function mix(hex: string, target: number, weight: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const channel = (shift: number) => Math.round(((n >> shift) & 255) * (1 - weight) + target * weight);
  return `#${[16, 8, 0].map((s) => channel(s).toString(16).padStart(2, '0')).join('')}`;
}

/** The business's colour as Mantine's ten shades (lighter to darker, the colour itself at 6). */
function shades(hex: string): MantineColorsTuple {
  const light = [0.92, 0.84, 0.7, 0.55, 0.4, 0.2].map((w) => mix(hex, 255, w));
  const dark = [0.15, 0.3, 0.45].map((w) => mix(hex, 0, w));
  return [...light, hex, ...dark] as unknown as MantineColorsTuple;
}

// Buttons are filled with a dark shade so white text on them stays readable (WCAG AA).
const PRIMARY_SHADE = { light: 9, dark: 8 } as const;

// Links use the darkest shade: the brand colour itself is often too light for text on white.
const components = { ...theme.components, Anchor: Anchor.extend({ defaultProps: { c: 'var(--mantine-primary-color-9)' } }) };

/** The shared theme, in the business's colour when it has one; text on it is picked for contrast. */
export function brandTheme(color: string | null | undefined) {
  if (!color || !HEX.test(color)) return { ...theme, autoContrast: true, components, primaryShade: PRIMARY_SHADE };
  return { ...theme, autoContrast: true, components, primaryShade: PRIMARY_SHADE, primaryColor: 'brand', colors: { ...theme.colors, brand: shades(color) } };
}
