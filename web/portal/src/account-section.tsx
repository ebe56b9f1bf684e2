import { Alert, Anchor, Button, Group, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { api } from '@shared/api.ts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from './errors.ts';
import { keys, PORTAL_API } from './queries.ts';
import type { Card, Me } from './types.ts';

const CardModal = lazy(() => import('./card-modal.tsx'));

const brandName = (brand: string) => brand.charAt(0).toUpperCase() + brand.slice(1);

export function cardText(t: (key: string, vars?: Record<string, unknown>) => string, card: Card): string {
  return t('card.current', { brand: brandName(card.brand), last4: card.last4, month: String(card.exp_month).padStart(2, '0'), year: String(card.exp_year) });
}

function CardBlock({ me }: { me: Me }) {
  const { t } = useTranslation('portal');
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState(false);
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="card-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="card-title">
          {t('card.title')}
        </Title>
        {saved && (
          <Alert color="teal" role="status" withCloseButton closeButtonLabel={t('pay.close')} onClose={() => setSaved(false)}>
            {t('card.saved')}
          </Alert>
        )}
        <Group justify="space-between" wrap="wrap">
          <Text>{me.card ? cardText(t, me.card) : t('card.none')}</Text>
          <Button variant="default" onClick={() => setOpen(true)}>
            {me.card ? t('card.update') : t('card.add')}
          </Button>
        </Group>
      </Stack>
      {open && (
        <Suspense fallback={null}>
          <CardModal
            me={me}
            onClose={() => setOpen(false)}
            onSaved={() => {
              setOpen(false);
              setSaved(true);
            }}
          />
        </Suspense>
      )}
    </Paper>
  );
}

function AutopayBlock({ me }: { me: Me }) {
  const { t } = useTranslation('portal');
  const queryClient = useQueryClient();
  const toggle = useMutation({
    mutationFn: (enabled: boolean) => api<Me>(`${PORTAL_API}/autopay`, { body: { enabled } }),
    onSuccess: (data) => queryClient.setQueryData(keys.me, data),
  });
  const hasSubscriptions = me.autopay.subscriptions > 0;
  const hint = !hasSubscriptions
    ? t('autopay.none')
    : !me.card && !me.autopay.enabled
      ? t('autopay.needs_card')
      : me.autopay.enabled
        ? t('autopay.on')
        : t('autopay.off');
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="autopay-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="autopay-title">
          {t('autopay.title')}
        </Title>
        <Switch
          label={t('autopay.label')}
          description={hint}
          styles={{ description: { color: 'var(--mantine-color-gray-7)' } }}
          checked={me.autopay.enabled}
          disabled={!hasSubscriptions || toggle.isPending || (!me.card && !me.autopay.enabled)}
          onChange={(event) => toggle.mutate(event.currentTarget.checked)}
        />
        {toggle.error && (
          <Alert color="red" role="alert">
            {errorText(t, toggle.error)}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

function StatementBlock() {
  const { t } = useTranslation('portal');
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="statement-title">
      <Stack gap="xs">
        <Title order={2} size="h4" id="statement-title">
          {t('statement.title')}
        </Title>
        <Text size="sm" c="gray.7">
          {t('statement.intro')}
        </Text>
        <Anchor href={`${PORTAL_API}/statement.pdf`} download>
          {t('statement.download')}
        </Anchor>
      </Stack>
    </Paper>
  );
}

/** The card on file, automatic payments and the statement. */
export function AccountSection({ me }: { me: Me }) {
  return (
    <Stack gap="md">
      <CardBlock me={me} />
      <AutopayBlock me={me} />
      <StatementBlock />
    </Stack>
  );
}
