import '@mantine/core/styles.css';
import { MantineProvider, Title } from '@mantine/core';
import { initI18n, preferredLanguage } from '@shared/i18n.ts';
import { theme } from '@shared/theme.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';

function Portal() {
  const { t } = useTranslation('portal');
  return <Title>{t('title')}</Title>;
}

await initI18n(['portal'], preferredLanguage());

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme}>
      <Portal />
    </MantineProvider>
  </StrictMode>,
);
