import { Alert, Button, Checkbox, Divider, Group, Loader, Modal, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { ApiError, api } from '@shared/api.ts';
import { IconInfoCircle } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { showFieldError } from '../customers/shared/form-errors.ts';
import { useFormat } from '../customers/shared/format.ts';
import { ErrorAlert } from '../customers/shared/list.tsx';
import { ItemsEditor, itemsBody } from './items-editor.tsx';
import { useRefreshSubscription } from './queries.ts';
import type { ChangePreview, ItemDraft, Subscription } from './types.ts';

type Values = { items: ItemDraft[]; prorate: boolean };

const currentItems = (sub: Subscription): ItemDraft[] => sub.items.data.map((i) => ({ price: i.price, quantity: i.quantity }));

/**
 * Change the prices or quantities of a subscription. Before anything is saved the server previews
 * the proration (`preview_change`, the same arithmetic the change uses), and the confirm button
 * only ever confirms the preview on screen.
 */
export function ChangePlanModal({ opened, onClose, subscription }: { opened: boolean; onClose: () => void; subscription: Subscription }) {
  const { t } = useTranslation('app-billing');
  const format = useFormat();
  const refresh = useRefreshSubscription();
  const [saveError, setSaveError] = useState<unknown>(null);
  const form = useForm<Values>({ mode: 'controlled', initialValues: { items: currentItems(subscription), prorate: true } });

  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the modal opens
  useEffect(() => {
    if (!opened) return;
    form.setValues({ items: currentItems(subscription), prorate: true });
    form.clearErrors();
    setSaveError(null);
  }, [opened]);

  const values = form.getValues();
  const items = itemsBody(values.items);
  const request = items ? { items, proration_behavior: values.prorate ? 'always_invoice' : 'none' } : null;
  const requestKey = JSON.stringify(request);
  const [debouncedKey] = useDebouncedValue(requestKey, 300);
  const unchanged = JSON.stringify(items) === JSON.stringify(currentItems(subscription));
  const preview = useQuery({
    queryKey: ['subscriptions', 'preview', subscription.id, debouncedKey],
    queryFn: () => api<ChangePreview>(`/v1/subscriptions/${subscription.id}/preview_change`, { body: JSON.parse(debouncedKey) }),
    enabled: opened && request !== null && !unchanged && debouncedKey === requestKey,
    retry: false,
    staleTime: 0,
    gcTime: 0,
  });

  // The server names the row it refuses (items[1][price]); show it there.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when a new refusal arrives
  useEffect(() => {
    if (preview.error) showFieldError(form, preview.error, { 'items[price]': 'items.0.price' });
  }, [preview.error]);

  const change = useMutation({
    mutationFn: () => api<Subscription>(`/v1/subscriptions/${subscription.id}`, { method: 'POST', body: request }),
    onSuccess: (saved) => {
      refresh(saved);
      const due = preview.data?.amount_due ?? 0;
      notifications.show({
        color: 'green',
        message: due > 0 ? t('change.done_invoiced', { amount: format.money(due, subscription.currency) }) : t('change.done'),
      });
      onClose();
    },
    onError: (error) => setSaveError(showFieldError(form, error, { 'items[price]': 'items.0.price' }) ? null : error),
  });

  const previewFresh = preview.data && !preview.isFetching && debouncedKey === requestKey && !unchanged;
  const fieldRefusal = preview.error instanceof ApiError && preview.error.param;

  return (
    <Modal opened={opened} onClose={onClose} title={t('change.title')} size="xl" centered closeButtonProps={{ 'aria-label': t('actions.close') }}>
      <Stack>
        <ErrorAlert error={saveError} />
        <ItemsEditor form={form} />
        <Checkbox
          label={t('change.prorate_label')}
          description={t('change.prorate_hint')}
          {...form.getInputProps('prorate', { type: 'checkbox' })}
          disabled={subscription.status === 'trialing'}
        />
        <Divider />
        <Title order={3} size="h5">
          {t('change.preview_title')}
        </Title>
        {unchanged ? (
          <Text size="sm" c="dimmed">
            {t('change.unchanged')}
          </Text>
        ) : request === null ? (
          <Text size="sm" c="dimmed">
            {t('change.incomplete')}
          </Text>
        ) : preview.error && !fieldRefusal ? (
          <ErrorAlert error={preview.error} />
        ) : preview.error ? (
          <Text size="sm" c="red">
            {preview.error.message}
          </Text>
        ) : !preview.data || debouncedKey !== requestKey ? (
          <Stack gap="xs" aria-busy="true">
            <Skeleton height={14} />
            <Skeleton height={14} />
            <Skeleton height={14} width="60%" />
          </Stack>
        ) : (
          <PreviewTable preview={preview.data} subscription={subscription} refreshing={preview.isFetching} />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('actions.cancel')}
          </Button>
          <Button onClick={() => change.mutate()} loading={change.isPending} disabled={!previewFresh}>
            {t('change.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function PreviewTable({ preview, subscription, refreshing }: { preview: ChangePreview; subscription: Subscription; refreshing: boolean }) {
  const { t } = useTranslation('app-billing');
  const format = useFormat();
  const money = (minor: number) => format.money(minor, preview.currency);
  if (preview.lines.length === 0) {
    return (
      <Alert color="blue" variant="light" icon={<IconInfoCircle size={18} />}>
        {t('change.nothing_now', { date: format.date(subscription.current_period_end) })}
      </Alert>
    );
  }
  const outcome =
    preview.total < 0
      ? t('change.outcome_credit', { amount: money(-preview.total) })
      : preview.amount_due === 0
        ? t('change.outcome_covered')
        : subscription.collection_method === 'charge_automatically'
          ? t('change.outcome_charge', { amount: money(preview.amount_due) })
          : t('change.outcome_invoice', { amount: money(preview.amount_due) });
  return (
    <Stack gap="sm" data-testid="proration-preview">
      <Table.ScrollContainer minWidth={520}>
        <Table verticalSpacing="xs" aria-label={t('change.preview_title')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('fields.description')}</Table.Th>
              <Table.Th>{t('fields.period')}</Table.Th>
              <Table.Th style={{ textAlign: 'right' }}>{t('fields.amount')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {preview.lines.map((line, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: preview lines have no id yet
              <Table.Tr key={index}>
                <Table.Td>
                  <Text size="sm">{line.quantity > 1 ? `${line.description} × ${line.quantity}` : line.description}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c="dimmed">
                    {format.date(line.period.start)} – {format.date(line.period.end)}
                  </Text>
                </Table.Td>
                <Table.Td style={{ textAlign: 'right' }}>
                  <Text size="sm" ff="monospace" c={line.amount < 0 ? 'teal.9' : undefined}>
                    {money(line.amount)}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Stack gap={4} ml="auto" miw={260}>
        <SummaryRow label={t('change.subtotal')} value={money(preview.subtotal)} />
        {preview.tax !== 0 && <SummaryRow label={t('change.tax')} value={money(preview.tax)} />}
        <SummaryRow label={t('change.total')} value={money(preview.total)} />
        {preview.credit_applied > 0 && <SummaryRow label={t('change.credit_applied')} value={money(-preview.credit_applied)} />}
        <Divider />
        <Group justify="space-between" gap="xl">
          <Text fw={700}>{t('change.amount_due_now')}</Text>
          <Group gap={6}>
            {refreshing && <Loader size="xs" />}
            <Text fw={700} ff="monospace" data-testid="amount-due-now">
              {money(preview.amount_due)}
            </Text>
          </Group>
        </Group>
      </Stack>
      <Alert color={preview.total < 0 ? 'teal' : 'blue'} variant="light" icon={<IconInfoCircle size={18} />}>
        {outcome}
      </Alert>
    </Stack>
  );
}

function SummaryRow({ label, value }: { label: string; value: string }) {
  return (
    <Group justify="space-between" gap="xl">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="sm" ff="monospace">
        {value}
      </Text>
    </Group>
  );
}
