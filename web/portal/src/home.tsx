import { Alert, Avatar, Badge, Button, Container, Group, Image, Paper, Stack, Text, Title, useMantineTheme } from '@mantine/core';
import { api } from '@shared/api.ts';
import { switchLanguage } from '@shared/i18n.ts';
import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AccountSection } from './account-section.tsx';
import { InvoiceSections } from './invoice-list.tsx';
import { LanguagePicker } from './language-picker.tsx';
import { PaymentHistory } from './payment-history.tsx';
import { PORTAL_API } from './queries.ts';
import type { Invoice, Me } from './types.ts';

// Paying and card entry load on demand: the first page stays small (budget: 250 KB gzipped).
const PayModal = lazy(() => import('./pay-modal.tsx'));

function Header({ me }: { me: Me }) {
  const { t } = useTranslation('portal');
  const queryClient = useQueryClient();
  const theme = useMantineTheme();
  const signOut = async () => {
    await api(`${PORTAL_API}/sign_out`, { method: 'POST' }).catch(() => undefined);
    queryClient.clear();
    window.location.assign('/portal/');
  };
  return (
    <Paper component="header" withBorder radius={0} p="md" style={{ borderTop: '4px solid var(--mantine-primary-color-filled)' }}>
      <Container size="sm" p={0}>
        <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
          <Group gap="sm" wrap="nowrap">
            {me.business.logo ? (
              <Image src={me.business.logo} alt={me.business.name} h={40} w="auto" fit="contain" />
            ) : (
              <Avatar color={theme.primaryColor} variant="filled" radius="md" aria-hidden>
                {me.business.name.charAt(0).toUpperCase()}
              </Avatar>
            )}
            <div>
              <Title order={1} size="h3">
                {me.business.name}
              </Title>
              <Text size="sm" c="gray.7">
                {t('title')}
              </Text>
              {me.business.test_mode && (
                <Badge color="orange" c="dark.7" variant="light" mt={4} maw="none">
                  {t('test_mode')}
                </Badge>
              )}
            </div>
          </Group>
          <Group gap="xs" align="flex-end">
            <LanguagePicker signedIn />
            <Button variant="default" size="xs" onClick={signOut}>
              {t('sign_out')}
            </Button>
          </Group>
        </Group>
      </Container>
    </Paper>
  );
}

/** The client's page: what to pay, what was paid, their card, autopay, history and statement. */
export function Home({ me, focusInvoice }: { me: Me; focusInvoice?: string }) {
  const { t, i18n } = useTranslation('portal');
  const [paying, setPaying] = useState<Invoice | null>(null);
  const [paidNotice, setPaidNotice] = useState<string | null>(null);
  // The language saved on the client's record wins over the browser's, once per visit.
  const synced = useRef(false);
  useEffect(() => {
    document.title = `${me.business.name} · ${t('title')}`;
  }, [me.business.name, t]);
  useEffect(() => {
    if (synced.current) return;
    synced.current = true;
    if (me.language !== i18n.language) void switchLanguage(me.language as Parameters<typeof switchLanguage>[0]);
  }, [me.language, i18n.language]);
  return (
    <>
      <Header me={me} />
      <Container size="sm" py="lg" component="main">
        <Stack gap="xl">
          <Text size="lg">{t('greeting', { name: me.name })}</Text>
          {paidNotice && (
            <Alert color="teal" role="status" withCloseButton closeButtonLabel={t('pay.close')} onClose={() => setPaidNotice(null)}>
              {paidNotice}
            </Alert>
          )}
          <InvoiceSections me={me} focusInvoice={focusInvoice} onPay={setPaying} />
          <AccountSection me={me} />
          <PaymentHistory me={me} />
        </Stack>
      </Container>
      {paying && (
        <Suspense fallback={null}>
          <PayModal
            me={me}
            invoice={paying}
            onClose={() => setPaying(null)}
            onPaid={(invoice) => {
              setPaying(null);
              setPaidNotice(t('pay.success', { number: invoice.number ?? invoice.id }));
            }}
          />
        </Suspense>
      )}
    </>
  );
}
