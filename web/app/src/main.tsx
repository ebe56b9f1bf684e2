import '@mantine/core/styles.css';
import '@mantine/charts/styles.css';
import '@mantine/notifications/styles.css';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { initI18n, preferredLanguage } from '@shared/i18n.ts';
import { readableColors, theme } from '@shared/theme.ts';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Router } from 'wouter';
import { APP_NAMESPACES } from './namespaces.ts';
import { AuthGate } from './session.tsx';
import { Shell } from './shell.tsx';

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false, staleTime: 10_000 } } });

await initI18n(APP_NAMESPACES, preferredLanguage());

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={readableColors}>
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <Router base="/app">
          <AuthGate>
            <Shell />
          </AuthGate>
        </Router>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
