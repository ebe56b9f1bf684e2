import { Box } from '@mantine/core';
import type { ReactNode } from 'react';

/** A table that scrolls sideways on a phone; focusable and named so keyboard users can scroll it too. */
export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box role="region" aria-label={label} tabIndex={0} style={{ overflowX: 'auto' }}>
      {children}
    </Box>
  );
}
