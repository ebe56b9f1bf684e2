import '@mantine/core/styles.css';
import '@mantine/charts/styles.css';
import '@mantine/notifications/styles.css';
import { Drawer, MantineProvider, Modal, Notification } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { initI18n, preferredLanguage } from '@shared/i18n.ts';
import { readableColors, theme } from '@shared/theme.ts';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, StrictMode, useMemo } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import { Router } from 'wouter';
import { APP_NAMESPACES } from './namespaces.ts';
import { AuthGate } from './session.tsx';
import { Shell } from './shell.tsx';

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false, staleTime: 10_000 } } });

await initI18n(APP_NAMESPACES, preferredLanguage());

/** Mantine with the app's theme, its close buttons named in the reader's language. */
function ThemedProvider({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation('app');
  // biome-ignore lint/correctness/useExhaustiveDependencies: the labels change with the language
  const localisedTheme = useMemo(() => {
    const closeButtonProps = { 'aria-label': t('shell.close') };
    return {
      ...theme,
      components: {
        Notification: Notification.extend({ defaultProps: { closeButtonProps } }),
        Modal: Modal.extend({ defaultProps: { closeButtonProps } }),
        Drawer: Drawer.extend({ defaultProps: { closeButtonProps } }),
      },
    };
  }, [t, i18n.language]);
  return (
    <MantineProvider theme={localisedTheme} cssVariablesResolver={readableColors}>
      {children}
    </MantineProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ThemedProvider>
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <Router base="/app">
          <AuthGate>
            <Shell />
          </AuthGate>
        </Router>
      </QueryClientProvider>
    </ThemedProvider>
  </StrictMode>,
);
