import { ActionIcon, Alert, Anchor, Button, Card, Checkbox, Group, NumberInput, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { api, type ListPage, withQuery } from '@shared/api.ts';
import { parseMoney } from '@shared/format.ts';
import { IconArrowLeft, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useSearch } from 'wouter';
import { useSession } from '../../session.tsx';
import { CustomerPicker } from '../customers/shared/customer-ref.tsx';
import { showFieldError } from '../customers/shared/form-errors.ts';
import { minorToInput, todayIn, useFormat } from '../customers/shared/format.ts';
import { ErrorAlert } from '../customers/shared/list.tsx';
import { StatusBadge } from '../customers/shared/status.tsx';
import type { Invoice, PaymentPlan } from '../customers/shared/types.ts';
import { addInterval, evenSplit } from './schedule.ts';

type Row = { key: string; amount: string; due_date: string };
type Values = { customer: string | null; invoices: string[]; collection_method: string; instalments: Row[] };

const row = (amount: string, due_date: string): Row => ({ key: crypto.randomUUID(), amount, due_date });

export function PlanCreate() {
  const { t } = useTranslation('app-customers');
  const session = useSession();
  const format = useFormat();
  const [, navigate] = useLocation();
  const queryClient = useQueryClient();
  const preset = new URLSearchParams(useSearch()).get('customer');
  const [formError, setFormError] = useState<unknown>(null);
  const [split, setSplit] = useState<{ count: number | string; interval: 'week' | 'month'; first: string }>({
    count: 3,
    interval: 'month',
    first: todayIn(session.business.timezone, 7),
  });
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { customer: preset, invoices: [], collection_method: 'send_invoice', instalments: [] },
  });
  const values = form.getValues();

  const openInvoices = useQuery({
    queryKey: ['invoices', 'plan-candidates', values.customer],
    queryFn: () => api<ListPage<Invoice>>(withQuery('/v1/invoices', { customer: values.customer, status: 'open', limit: 100 })),
    enabled: Boolean(values.customer),
    select: (page) => page.data.filter((invoice) => invoice.amount_remaining > 0 && invoice.payment_plan === null),
  });
  const candidates = openInvoices.data ?? [];
  // Every eligible invoice starts selected when a customer is picked.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the candidates change
  useEffect(() => {
    form.setFieldValue(
      'invoices',
      candidates.map((invoice) => invoice.id),
    );
  }, [openInvoices.data]);

  const selected = candidates.filter((invoice) => values.invoices.includes(invoice.id));
  const currency = selected[0]?.currency ?? session.business.currency.toLowerCase();
  const total = selected.reduce((sum, invoice) => sum + invoice.amount_remaining, 0);
  const allocated = values.instalments.reduce((sum, r) => sum + (parseMoney(r.amount, currency) ?? 0), 0);
  const difference = total - allocated;
  const rowsValid = values.instalments.length > 0 && values.instalments.every((r) => (parseMoney(r.amount, currency) ?? 0) > 0 && r.due_date);

  const fillEvenly = () => {
    const count = Math.max(1, Math.min(60, Number(split.count) || 1));
    form.setFieldValue(
      'instalments',
      evenSplit(total, count).map((amount, i) => row(minorToInput(amount, currency), addInterval(split.first, split.interval, i))),
    );
  };

  const create = useMutation({
    mutationFn: (v: Values) =>
      api<PaymentPlan>('/v1/payment_plans', {
        method: 'POST',
        body: {
          customer: v.customer,
          invoices: v.invoices,
          collection_method: v.collection_method,
          instalments: v.instalments.map((r) => ({ amount: parseMoney(r.amount, currency), due_date: r.due_date })),
        },
      }),
    onSuccess: (plan) => {
      void queryClient.invalidateQueries({ queryKey: ['payment_plans'] });
      void queryClient.invalidateQueries({ queryKey: ['invoices'] });
      void queryClient.invalidateQueries({ queryKey: ['customer', plan.customer] });
      notifications.show({ color: 'green', message: t('plans.created') });
      navigate(`/${plan.id}`);
    },
    onError: (error) => {
      if (showFieldError(form, error)) setFormError(null);
      else setFormError(error);
    },
  });

  return (
    <Stack gap="md" maw={960}>
      <Anchor component={Link} href="/" size="sm">
        <Group gap={4} wrap="nowrap">
          <IconArrowLeft size={14} aria-hidden />
          {t('plans.back')}
        </Group>
      </Anchor>
      <Title order={2}>{t('plans.new_title')}</Title>
      <form
        onSubmit={form.onSubmit((v) => {
          if (!v.customer) form.setFieldError('customer', t('errors.customer'));
          else create.mutate(v);
        })}
        noValidate
      >
        <Stack gap="md">
          <ErrorAlert error={formError} />
          <Card withBorder padding="lg">
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <CustomerPicker value={values.customer} onChange={(id) => form.setFieldValue('customer', id)} error={form.errors.customer} />
              <Select
                label={t('fields.collection_method')}
                data={[
                  { value: 'send_invoice', label: t('collection_method.send_invoice') },
                  { value: 'charge_automatically', label: t('collection_method.charge_automatically') },
                ]}
                allowDeselect={false}
                comboboxProps={{ withinPortal: true }}
                {...form.getInputProps('collection_method')}
              />
            </SimpleGrid>
          </Card>

          <Card withBorder padding="lg">
            <Title order={3} size="h5" mb="sm">
              {t('plans.invoices_to_move')}
            </Title>
            {!values.customer ? (
              <Text size="sm" c="dimmed">
                {t('plans.pick_customer_first')}
              </Text>
            ) : openInvoices.error ? (
              <ErrorAlert error={openInvoices.error} />
            ) : openInvoices.isPending ? (
              <Text size="sm">{t('common.loading')}</Text>
            ) : candidates.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('plans.no_open_invoices')}
              </Text>
            ) : (
              <Checkbox.Group {...form.getInputProps('invoices')} aria-label={t('plans.invoices_to_move')}>
                <Table.ScrollContainer minWidth={480}>
                  <Table verticalSpacing="xs">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th />
                        <Table.Th>{t('fields.number')}</Table.Th>
                        <Table.Th>{t('fields.status')}</Table.Th>
                        <Table.Th>{t('fields.due_date')}</Table.Th>
                        <Table.Th>{t('fields.amount_remaining')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {candidates.map((invoice) => (
                        <Table.Tr key={invoice.id}>
                          <Table.Td>
                            <Checkbox value={invoice.id} aria-label={t('plans.include_invoice', { number: invoice.number ?? invoice.id })} />
                          </Table.Td>
                          <Table.Td>{invoice.number ?? invoice.id}</Table.Td>
                          <Table.Td>
                            <StatusBadge status={invoice.status} />
                          </Table.Td>
                          <Table.Td>{format.date(invoice.due_date)}</Table.Td>
                          <Table.Td ff="monospace">{format.money(invoice.amount_remaining, invoice.currency)}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              </Checkbox.Group>
            )}
            <Text fw={600} mt="sm">
              {t('plans.total_to_move', { amount: format.money(total, currency) })}
            </Text>
          </Card>

          <Card withBorder padding="lg">
            <Title order={3} size="h5" mb="sm">
              {t('plans.instalments')}
            </Title>
            <Group align="flex-end" gap="sm" wrap="wrap" mb="md">
              <NumberInput
                label={t('plans.split_count')}
                min={1}
                max={60}
                allowDecimal={false}
                w={140}
                value={split.count}
                onChange={(count) => setSplit({ ...split, count })}
              />
              <Select
                label={t('plans.split_interval')}
                w={160}
                data={[
                  { value: 'month', label: t('plans.interval.month') },
                  { value: 'week', label: t('plans.interval.week') },
                ]}
                value={split.interval}
                allowDeselect={false}
                onChange={(interval) => setSplit({ ...split, interval: (interval ?? 'month') as 'week' | 'month' })}
                comboboxProps={{ withinPortal: true }}
              />
              <TextInput
                type="date"
                label={t('plans.first_due_date')}
                value={split.first}
                onChange={(event) => setSplit({ ...split, first: event.currentTarget.value })}
              />
              <Button variant="light" onClick={fillEvenly} disabled={total === 0 || !split.first}>
                {t('plans.split_evenly')}
              </Button>
            </Group>
            <Stack gap="xs">
              {values.instalments.map((r, index) => (
                <Group key={r.key} gap="sm" align="flex-start" wrap="nowrap">
                  <Text size="sm" w={24} pt={30} ta="right">
                    {index + 1}
                  </Text>
                  <TextInput
                    style={{ flex: 1 }}
                    label={t('fields.amount_in', { currency: currency.toUpperCase() })}
                    inputMode="decimal"
                    {...form.getInputProps(`instalments.${index}.amount`)}
                  />
                  <TextInput style={{ flex: 1 }} type="date" label={t('fields.due_date')} {...form.getInputProps(`instalments.${index}.due_date`)} />
                  <ActionIcon
                    mt={28}
                    variant="subtle"
                    color="red"
                    aria-label={t('plans.remove_instalment', { number: index + 1 })}
                    onClick={() => form.removeListItem('instalments', index)}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Group>
              ))}
              <Group>
                <Button
                  variant="default"
                  leftSection={<IconPlus size={16} />}
                  onClick={() => {
                    const last = values.instalments.at(-1)?.due_date;
                    form.insertListItem(
                      'instalments',
                      row(difference > 0 ? minorToInput(difference, currency) : '', last ? addInterval(last, 'month', 1) : split.first),
                    );
                  }}
                >
                  {t('plans.add_instalment')}
                </Button>
              </Group>
            </Stack>
            <Alert mt="md" color={difference === 0 ? 'teal' : 'orange'} variant="light" aria-live="polite" data-testid="plan-difference">
              {difference === 0
                ? t('plans.balanced', { amount: format.money(allocated, currency) })
                : difference > 0
                  ? t('plans.left_to_allocate', { amount: format.money(difference, currency) })
                  : t('plans.over_allocated', { amount: format.money(-difference, currency) })}
            </Alert>
          </Card>

          <Group justify="flex-end">
            <Button variant="default" component={Link} href="/">
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} disabled={difference !== 0 || total === 0 || !rowsValid}>
              {t('plans.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
