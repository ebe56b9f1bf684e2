import { ActionIcon, Badge, Button, Card, Group, Menu, Modal, NumberInput, Stack, Switch, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { api } from '@shared/api.ts';
import { IconArchive, IconArrowBackUp, IconDots, IconPencil, IconPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hasRole, useSession } from '../../session.tsx';
import { ConfirmModal } from '../customers/shared/confirm.tsx';
import { showFieldError } from '../customers/shared/form-errors.ts';
import { EmptyState, ErrorAlert, SkeletonRows } from '../customers/shared/list.tsx';
import { useSetActive } from './product-detail.tsx';
import { ActiveBadge } from './product-list.tsx';
import { catalogKeys, useTaxRates } from './queries.ts';
import type { TaxRate } from './types.ts';

/** Tax rates: what prices point at; the percentage is fixed once created, so a change is a new rate. */
export function TaxRateList() {
  const { t, i18n } = useTranslation('app-billing');
  const session = useSession();
  const rates = useTaxRates();
  const canEdit = hasRole(session, 'manager');
  const [creating, createModal] = useDisclosure();
  const [editing, setEditing] = useState<TaxRate | null>(null);
  const [archiving, setArchiving] = useState<TaxRate | null>(null);
  const setActive = useSetActive<TaxRate>(
    () => setArchiving(null),
    (saved) => t(saved.active ? 'tax.restored' : 'tax.archived', { name: saved.display_name }),
  );
  const percent = (p: number) => new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 3 }).format(p / 100);
  const rows = rates.data?.data ?? [];

  return (
    <Card withBorder padding="md" radius="md">
      <Group justify="space-between" mb="sm">
        <Title order={3} size="h4">
          {t('tax.title')}
        </Title>
        {canEdit && (
          <Button size="xs" leftSection={<IconPlus size={14} />} onClick={createModal.open}>
            {t('tax.new')}
          </Button>
        )}
      </Group>
      {rates.error ? (
        <ErrorAlert error={rates.error} />
      ) : !rates.isPending && rows.length === 0 ? (
        <EmptyState title={t('tax.empty_title')} body={t('tax.empty_body')} />
      ) : (
        <Table.ScrollContainer minWidth={520}>
          <Table verticalSpacing="sm" aria-label={t('tax.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('fields.name')}</Table.Th>
                <Table.Th>{t('fields.percentage')}</Table.Th>
                <Table.Th>{t('fields.tax_behaviour')}</Table.Th>
                <Table.Th>{t('fields.status')}</Table.Th>
                {canEdit && (
                  <Table.Th>
                    <VisuallyHidden>{t('fields.actions')}</VisuallyHidden>
                  </Table.Th>
                )}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rates.isPending ? (
                <SkeletonRows columns={canEdit ? 5 : 4} rows={2} />
              ) : (
                rows.map((rate) => (
                  <Table.Tr key={rate.id}>
                    <Table.Td fw={500}>{rate.display_name}</Table.Td>
                    <Table.Td>
                      <Text size="sm" ff="monospace">
                        {percent(rate.percentage)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="outline" color="gray" style={{ '--badge-color': 'var(--mantine-color-gray-8)' } as React.CSSProperties} radius="sm">
                        {t(rate.inclusive ? 'tax.inclusive' : 'tax.exclusive')}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <ActiveBadge active={rate.active} />
                    </Table.Td>
                    {canEdit && (
                      <Table.Td>
                        <Menu position="bottom-end" withinPortal>
                          <Menu.Target>
                            <ActionIcon variant="subtle" color="gray" aria-label={t('tax.actions_for', { name: rate.display_name })}>
                              <IconDots size={16} />
                            </ActionIcon>
                          </Menu.Target>
                          <Menu.Dropdown>
                            <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => setEditing(rate)}>
                              {t('tax.rename')}
                            </Menu.Item>
                            {rate.active ? (
                              <Menu.Item color="red" leftSection={<IconArchive size={14} />} onClick={() => setArchiving(rate)}>
                                {t('actions.archive')}
                              </Menu.Item>
                            ) : (
                              <Menu.Item
                                leftSection={<IconArrowBackUp size={14} />}
                                onClick={() => setActive.mutate({ path: `/v1/tax_rates/${rate.id}`, active: true })}
                              >
                                {t('actions.restore')}
                              </Menu.Item>
                            )}
                          </Menu.Dropdown>
                        </Menu>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))
              )}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <TaxRateFormModal opened={creating} onClose={createModal.close} />
      <TaxRateFormModal opened={editing !== null} onClose={() => setEditing(null)} rate={editing ?? undefined} />
      <ConfirmModal
        opened={archiving !== null}
        onClose={() => setArchiving(null)}
        title={t('tax.archive_title', { name: archiving?.display_name ?? '' })}
        body={t('tax.archive_body')}
        confirmLabel={t('actions.archive')}
        onConfirm={() => archiving && setActive.mutate({ path: `/v1/tax_rates/${archiving.id}`, active: false })}
        pending={setActive.isPending}
        error={setActive.error}
      />
    </Card>
  );
}

type Values = { display_name: string; percentage: number | string; inclusive: boolean };

function TaxRateFormModal({ opened, onClose, rate }: { opened: boolean; onClose: () => void; rate?: TaxRate }) {
  const { t } = useTranslation('app-billing');
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { display_name: '', percentage: '', inclusive: false },
    validate: {
      display_name: (value) => (value.trim() ? null : t('errors.name_required')),
      percentage: (value) => (rate || (value !== '' && Number(value) >= 0 && Number(value) <= 100) ? null : t('errors.percentage')),
    },
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the modal opens
  useEffect(() => {
    if (!opened) return;
    form.setValues({ display_name: rate?.display_name ?? '', percentage: rate?.percentage ?? '', inclusive: rate?.inclusive ?? false });
    form.clearErrors();
    setFormError(null);
  }, [opened, rate?.id]);

  const save = useMutation({
    mutationFn: (values: Values) =>
      rate
        ? api<TaxRate>(`/v1/tax_rates/${rate.id}`, { method: 'POST', body: { display_name: values.display_name.trim() } })
        : api<TaxRate>('/v1/tax_rates', {
            method: 'POST',
            body: { display_name: values.display_name.trim(), percentage: Number(values.percentage), inclusive: values.inclusive },
          }),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: catalogKeys.all });
      notifications.show({ color: 'green', message: rate ? t('tax.saved') : t('tax.created', { name: saved.display_name }) });
      onClose();
    },
    onError: (error) => setFormError(showFieldError(form, error) ? null : error),
  });

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={rate ? t('tax.edit_title') : t('tax.new_title')}
      centered
      closeButtonProps={{ 'aria-label': t('actions.close') }}
    >
      <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
        <Stack>
          <ErrorAlert error={formError} />
          <TextInput label={t('fields.name')} description={t('tax.name_hint')} required data-autofocus {...form.getInputProps('display_name')} />
          {!rate && (
            <>
              <NumberInput label={t('fields.percentage')} required min={0} max={100} decimalScale={3} suffix=" %" {...form.getInputProps('percentage')} />
              <Switch label={t('tax.inclusive_label')} description={t('tax.inclusive_hint')} {...form.getInputProps('inclusive', { type: 'checkbox' })} />
            </>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('actions.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {rate ? t('actions.save') : t('tax.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
