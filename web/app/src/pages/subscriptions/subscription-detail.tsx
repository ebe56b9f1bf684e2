import { Alert, Anchor, Button, Card, Group, SimpleGrid, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { api } from '@shared/api.ts';
import { IconAlertTriangle, IconPlayerPause, IconPlayerPlay, IconSwitchHorizontal, IconX } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { hasRole, useSession } from '../../session.tsx';
import { usePriceText } from '../catalog/price-text.ts';
import { usePrice } from '../catalog/queries.ts';
import { ConfirmModal } from '../customers/shared/confirm.tsx';
import { CustomerLink } from '../customers/shared/customer-ref.tsx';
import { useFormat } from '../customers/shared/format.ts';
import { InvoiceTable } from '../customers/shared/invoice-table.tsx';
import { EmptyState, ErrorAlert, useCursorList } from '../customers/shared/list.tsx';
import type { Invoice } from '../customers/shared/types.ts';
import { CancelSubscriptionModal } from './cancel-modal.tsx';
import { ChangePlanModal } from './change-plan.tsx';
import { ItemName } from './plan-summary.tsx';
import { useRefreshSubscription, useSubscription } from './queries.ts';
import { SubscriptionStatusBadge } from './status.tsx';
import type { Subscription, SubscriptionItem } from './types.ts';

/** One subscription: what it bills, when, the invoices it issued, and the actions on it. */
export function SubscriptionDetail({ id }: { id: string }) {
  const { t } = useTranslation('app-billing');
  const session = useSession();
  const format = useFormat();
  const sub = useSubscription(id);
  const refresh = useRefreshSubscription();
  const [changing, changeModal] = useDisclosure();
  const [canceling, cancelModal] = useDisclosure();
  const [pausing, pauseModal] = useDisclosure();
  const invoices = useCursorList<Invoice>(['invoices', 'subscription', id], '/v1/invoices', { subscription: id }, { pageSize: 10 });
  const canEdit = hasRole(session, 'manager');

  const pause = useMutation({
    mutationFn: () => api<Subscription>(`/v1/subscriptions/${id}/pause`, { method: 'POST' }),
    onSuccess: (saved) => {
      refresh(saved);
      notifications.show({ color: 'green', message: t('detail.paused') });
      pauseModal.close();
    },
  });
  const resume = useMutation({
    mutationFn: () => api<Subscription>(`/v1/subscriptions/${id}/resume`, { method: 'POST' }),
    onSuccess: (saved) => {
      refresh(saved);
      notifications.show({ color: 'green', message: t('detail.resumed', { date: format.date(saved.next_billing_at) }) });
    },
    onError: (error) => notifications.show({ color: 'red', title: t('errors.action_failed'), message: error.message }),
  });

  if (sub.error) return <ErrorAlert error={sub.error} />;
  const s = sub.data;
  const live = s && s.status !== 'canceled';
  const pausable = s && ['active', 'trialing', 'past_due'].includes(s.status);

  return (
    <Stack gap="lg">
      <Anchor component={Link} href="/" size="sm">
        {t('detail.back')}
      </Anchor>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Stack gap={4}>
          <Group gap="sm">
            <Title order={2}>{t('detail.title')}</Title>
            {s && <SubscriptionStatusBadge status={s.status} />}
          </Group>
          {s ? (
            <Group gap={6}>
              <Text size="sm" c="dimmed">
                {t('fields.customer')}:
              </Text>
              <CustomerLink id={s.customer} />
              <Text size="xs" c="dimmed" ff="monospace">
                {s.id}
              </Text>
            </Group>
          ) : (
            <Skeleton height={14} width={240} />
          )}
        </Stack>
        {canEdit && live && (
          <Group gap="xs">
            <Button leftSection={<IconSwitchHorizontal size={16} />} onClick={changeModal.open}>
              {t('detail.change_plan')}
            </Button>
            {pausable && (
              <Button variant="default" leftSection={<IconPlayerPause size={16} />} onClick={pauseModal.open}>
                {t('detail.pause')}
              </Button>
            )}
            {s.status === 'paused' && (
              <Button variant="default" leftSection={<IconPlayerPlay size={16} />} onClick={() => resume.mutate()} loading={resume.isPending}>
                {t('detail.resume')}
              </Button>
            )}
            <Button variant="default" color="red" leftSection={<IconX size={16} />} onClick={cancelModal.open}>
              {t('detail.cancel')}
            </Button>
          </Group>
        )}
      </Group>

      {s?.cancel_at_period_end && s.status !== 'canceled' && (
        <Alert color="orange" icon={<IconAlertTriangle size={18} />} title={t('detail.cancel_scheduled_title')}>
          {t('detail.cancel_scheduled_body', { date: format.date(s.current_period_end) })}
        </Alert>
      )}
      {s?.status === 'paused' && (
        <Alert color="yellow" icon={<IconPlayerPause size={18} />} title={t('detail.paused_title')}>
          {t('detail.paused_body', { date: format.date(s.paused_at) })}
        </Alert>
      )}

      <Card withBorder radius="md" padding="md">
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="md">
          <Fact label={t('fields.current_period')}>{s ? `${format.date(s.current_period_start)} – ${format.date(s.current_period_end)}` : null}</Fact>
          <Fact label={t('fields.next_billing')}>{s ? (s.status === 'canceled' || s.cancel_at_period_end ? '—' : format.date(s.next_billing_at)) : null}</Fact>
          <Fact label={t('fields.collection_method')}>{s ? t(`collection.${s.collection_method}`) : null}</Fact>
          <Fact label={t('fields.anchor_date')}>{s ? localDate(s.billing_cycle_anchor_date, format.locale) : null}</Fact>
          {s?.trial_end != null && <Fact label={t('fields.trial_end')}>{format.date(s.trial_end)}</Fact>}
          {s?.canceled_at != null && <Fact label={t('fields.canceled_at')}>{format.date(s.canceled_at)}</Fact>}
          <Fact label={t('fields.created')}>{s ? format.date(s.created) : null}</Fact>
        </SimpleGrid>
      </Card>

      <Card withBorder radius="md" padding="md">
        <Title order={3} size="h4" mb="sm">
          {t('detail.items')}
        </Title>
        <Table.ScrollContainer minWidth={480}>
          <Table verticalSpacing="sm" aria-label={t('detail.items')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('fields.plan')}</Table.Th>
                <Table.Th>{t('fields.price')}</Table.Th>
                <Table.Th>{t('fields.quantity')}</Table.Th>
                <Table.Th style={{ textAlign: 'right' }}>{t('fields.per_period')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {s?.items.data.map((item) => <ItemRow key={item.id} item={item} />) ?? (
                <Table.Tr>
                  <Table.Td colSpan={4}>
                    <Skeleton height={14} />
                  </Table.Td>
                </Table.Tr>
              )}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>

      <Stack gap="sm">
        <Title order={3} size="h4">
          {t('detail.invoices')}
        </Title>
        <InvoiceTable list={invoices} showCustomer={false} empty={<EmptyState title={t('detail.no_invoices')} body={t('detail.no_invoices_body')} />} />
      </Stack>

      {s && live && (
        <>
          <ChangePlanModal opened={changing} onClose={changeModal.close} subscription={s} />
          <CancelSubscriptionModal opened={canceling} onClose={cancelModal.close} subscription={s} />
          <ConfirmModal
            opened={pausing}
            onClose={pauseModal.close}
            title={t('detail.pause_title')}
            body={t('detail.pause_body', { date: format.date(s.current_period_end) })}
            confirmLabel={t('detail.pause_confirm')}
            onConfirm={() => pause.mutate()}
            pending={pause.isPending}
            error={pause.error}
            color="orange"
          />
        </>
      )}
    </Stack>
  );
}

/** A calendar date (YYYY-MM-DD, no time zone) in the reader's language. */
function localDate(isoDate: string, locale: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.UTC(y!, m! - 1, d!));
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      {children === null ? <Skeleton height={14} width={120} /> : <Text size="sm">{children}</Text>}
    </Stack>
  );
}

function ItemRow({ item }: { item: SubscriptionItem }) {
  const text = usePriceText();
  const format = useFormat();
  const price = usePrice(item.price);
  return (
    <Table.Tr>
      <Table.Td>
        <ItemName item={{ ...item, quantity: 1 }} />
      </Table.Td>
      <Table.Td>{price.data ? text.full(price.data) : <Skeleton height={12} width={100} />}</Table.Td>
      <Table.Td>{item.quantity}</Table.Td>
      <Table.Td style={{ textAlign: 'right' }}>
        <Text size="sm" ff="monospace">
          {price.data ? format.money(price.data.unit_amount * item.quantity, price.data.currency) : '—'}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}
