import { Alert, Badge, Button, Card, CopyButton, Group, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { ApiError, api } from '@shared/api.ts';
import { IconCreditCard, IconLink } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hasRole, useSession } from '../../session.tsx';
import { useFormat } from './shared/format.ts';
import { ErrorAlert } from './shared/list.tsx';
import type { Customer, PaymentMethod } from './shared/types.ts';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </Stack>
  );
}

export function CustomerOverview({ customer }: { customer: Customer }) {
  const { t } = useTranslation('app-customers');
  const format = useFormat();
  const currency = format.currency;
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      <Card withBorder padding="lg">
        <Title order={3} size="h5" mb="md">
          {t('profile.contact')}
        </Title>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
          <Field label={t('fields.email')}>{customer.email ?? '—'}</Field>
          <Field label={t('fields.phone')}>{customer.phone ?? '—'}</Field>
          <Field label={t('fields.telegram')}>{customer.telegram ?? '—'}</Field>
          <Field label={t('fields.language')}>{customer.preferred_locales[0] ? t(`languages.${customer.preferred_locales[0]}`) : '—'}</Field>
          <Field label={t('fields.tax_id')}>{customer.tax_id ?? '—'}</Field>
          <Field label={t('fields.payment_terms_days')}>
            {customer.payment_terms_days == null ? t('customers.terms_default') : t('customers.terms_days', { count: customer.payment_terms_days })}
          </Field>
          <Field label={t('fields.created')}>{format.date(customer.created)}</Field>
        </SimpleGrid>
        {customer.notes && (
          <Stack gap={2} mt="md">
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              {t('fields.notes')}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {customer.notes}
            </Text>
          </Stack>
        )}
      </Card>
      <Stack gap="md">
        <Card withBorder padding="lg">
          <Title order={3} size="h5" mb="md">
            {t('profile.balance')}
          </Title>
          <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="md">
            <Field label={t('profile.balance_due')}>
              <Text fw={700} size="lg" c={(customer.balance ?? 0) > 0 ? 'red.8' : undefined}>
                {format.money(customer.balance ?? 0, currency)}
              </Text>
            </Field>
            <Field label={t('profile.receivable')}>{format.money(customer.receivable ?? 0, currency)}</Field>
            <Field label={t('profile.credit_balance')}>{format.money(customer.credit_balance ?? 0, currency)}</Field>
          </SimpleGrid>
          <Group gap="xs" mt="md">
            <Badge variant="light" color={customer.credit_policy === 'block' ? 'red' : 'gray'}>
              {t(`credit_policy.${customer.credit_policy}`)}
            </Badge>
            <Badge variant="light" color="gray">
              {customer.credit_limit == null
                ? t('profile.no_credit_limit')
                : t('profile.credit_limit', { amount: format.money(customer.credit_limit, currency) })}
            </Badge>
            {customer.prepayment_required && (
              <Badge variant="light" color="orange">
                {t('fields.prepayment_required')}
              </Badge>
            )}
          </Group>
        </Card>
        <SavedCard customerId={customer.id} />
        <PortalLink customerId={customer.id} />
      </Stack>
    </SimpleGrid>
  );
}

function SavedCard({ customerId }: { customerId: string }) {
  const { t } = useTranslation('app-customers');
  const methods = useQuery({
    queryKey: ['customer', customerId, 'payment_methods'],
    queryFn: () => api<{ data: PaymentMethod[] }>(`/v1/customers/${customerId}/payment_methods`),
  });
  const card = methods.data?.data.find((m) => m.default) ?? methods.data?.data[0];
  return (
    <Card withBorder padding="lg">
      <Group gap="sm" wrap="nowrap">
        <IconCreditCard size={22} aria-hidden />
        <Stack gap={0}>
          <Title order={3} size="h5">
            {t('profile.saved_card')}
          </Title>
          {methods.error ? (
            <ErrorAlert error={methods.error} />
          ) : (
            <Text size="sm" c={card ? undefined : 'dimmed'}>
              {methods.isPending
                ? t('common.loading')
                : card
                  ? t('profile.card', {
                      brand: card.card.brand,
                      last4: card.card.last4,
                      expiry: `${String(card.card.exp_month).padStart(2, '0')}/${card.card.exp_year}`,
                    })
                  : t('profile.no_card')}
            </Text>
          )}
        </Stack>
      </Group>
    </Card>
  );
}

/** A sign-in link to the client portal; the button hides itself where the server has no such endpoint. */
function PortalLink({ customerId }: { customerId: string }) {
  const { t } = useTranslation('app-customers');
  const session = useSession();
  const [unavailable, setUnavailable] = useState(false);
  const link = useMutation({
    mutationFn: () => api<{ url: string; expires_at?: number | null }>(`/v1/customers/${customerId}/portal_link`, { method: 'POST', body: {} }),
    onError: (error) => {
      if (error instanceof ApiError && error.status === 404 && error.code === 'route_not_found') setUnavailable(true);
    },
    onSuccess: () => notifications.show({ color: 'green', message: t('profile.portal_link_ready') }),
  });
  if (unavailable || !hasRole(session, 'manager')) return null;
  const shownError = link.error instanceof ApiError && link.error.code === 'route_not_found' ? null : link.error;
  return (
    <Card withBorder padding="lg">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Title order={3} size="h5">
            {t('profile.portal')}
          </Title>
          <Button variant="light" leftSection={<IconLink size={16} />} onClick={() => link.mutate()} loading={link.isPending}>
            {t('profile.portal_link')}
          </Button>
        </Group>
        <ErrorAlert error={shownError} />
        {link.data && (
          <Alert color="teal" variant="light">
            <Stack gap="xs">
              <Group gap="xs" wrap="nowrap" align="flex-end">
                <TextInput
                  label={t('profile.portal_link_label')}
                  value={link.data.url}
                  readOnly
                  style={{ flex: 1 }}
                  onFocus={(event) => event.currentTarget.select()}
                />
                <CopyButton value={link.data.url}>
                  {({ copied, copy }) => (
                    <Button variant="default" onClick={copy}>
                      {copied ? t('common.copied') : t('common.copy')}
                    </Button>
                  )}
                </CopyButton>
              </Group>
            </Stack>
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
