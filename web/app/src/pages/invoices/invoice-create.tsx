import {
  ActionIcon,
  Anchor,
  Button,
  Card,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { ApiError, api, type ListPage } from '@shared/api.ts';
import { parseMoney } from '@shared/format.ts';
import { IconArrowLeft, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useSearch } from 'wouter';
import { hasRole, useSession } from '../../session.tsx';
import { CustomerPicker } from '../customers/shared/customer-ref.tsx';
import { showFieldError } from '../customers/shared/form-errors.ts';
import { useFormat } from '../customers/shared/format.ts';
import { ErrorAlert } from '../customers/shared/list.tsx';
import type { Invoice, Price, Product } from '../customers/shared/types.ts';

type Line = { key: string; kind: 'price' | 'custom'; price: string | null; description: string; amount: string; quantity: number | string };
type Values = {
  customer: string | null;
  currency: string;
  collection_method: 'send_invoice' | 'charge_automatically';
  days_until_due: number | string;
  description: string;
  lines: Line[];
};

const CURRENCIES = ['eur', 'usd', 'gbp', 'thb', 'vnd', 'amd', 'sek', 'nok', 'dkk', 'pln', 'chf'];
const API_LINE_FIELDS: Record<string, string> = { unit_amount: 'amount', description: 'description', price: 'price', quantity: 'quantity' };

const newLine = (kind: Line['kind']): Line => ({ key: crypto.randomUUID(), kind, price: null, description: '', amount: '', quantity: 1 });

/** One-time prices of the catalogue with their product names, for the line picker. */
function useOneTimePrices() {
  return useQuery({
    queryKey: ['catalog', 'one-time-prices'],
    queryFn: async () => {
      const [prices, products] = await Promise.all([api<ListPage<Price>>('/v1/prices?limit=100'), api<ListPage<Product>>('/v1/products?limit=100')]);
      const names = new Map(products.data.map((p) => [p.id, p.name]));
      return prices.data.filter((p) => p.active && p.type === 'one_time').map((p) => ({ ...p, productName: names.get(p.product) ?? p.product }));
    },
  });
}

export function InvoiceCreate() {
  const { t } = useTranslation('app-customers');
  const session = useSession();
  const format = useFormat();
  const [, navigate] = useLocation();
  const search = new URLSearchParams(useSearch());
  const queryClient = useQueryClient();
  const prices = useOneTimePrices();
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: {
      customer: search.get('customer'),
      currency: session.business.currency.toLowerCase(),
      collection_method: 'send_invoice',
      days_until_due: '',
      description: '',
      lines: [newLine('custom')],
    },
    validate: {
      customer: (value) => (value ? null : t('errors.customer')),
      lines: {
        price: (value, values, path) => (lineAt(values, path).kind === 'price' && !value ? t('errors.price') : null),
        description: (value, values, path) => (lineAt(values, path).kind === 'custom' && !value.trim() ? t('errors.description') : null),
        amount: (value, values, path) => (lineAt(values, path).kind === 'custom' && parseMoney(value, values.currency) === null ? t('errors.amount') : null),
      },
    },
  });
  const values = form.getValues();
  const priceOptions = (prices.data ?? []).filter((p) => p.currency === values.currency);
  const lineTotal = (line: Line) => {
    const quantity = Number(line.quantity) || 0;
    if (line.kind === 'price') return (priceOptions.find((p) => p.id === line.price)?.unit_amount ?? 0) * quantity;
    return (parseMoney(line.amount, values.currency) ?? 0) * quantity;
  };
  const total = values.lines.reduce((sum, line) => sum + lineTotal(line), 0);

  const create = useMutation({
    mutationFn: async ({ values, finalize }: { values: Values; finalize: boolean }) => {
      const draft = await api<Invoice>('/v1/invoices', {
        method: 'POST',
        body: {
          customer: values.customer,
          currency: values.currency,
          collection_method: values.collection_method,
          days_until_due: values.days_until_due === '' ? undefined : Number(values.days_until_due),
          description: values.description.trim() || undefined,
          lines: values.lines.map((line) =>
            line.kind === 'price'
              ? { price: line.price, quantity: Number(line.quantity) || 1 }
              : { description: line.description.trim(), unit_amount: parseMoney(line.amount, values.currency), quantity: Number(line.quantity) || 1 },
          ),
        },
      });
      if (!finalize) return { invoice: draft, finalizeError: null };
      try {
        return { invoice: await api<Invoice>(`/v1/invoices/${draft.id}/finalize`, { method: 'POST' }), finalizeError: null };
      } catch (error) {
        return { invoice: draft, finalizeError: error };
      }
    },
    onSuccess: ({ invoice, finalizeError }) => {
      void queryClient.invalidateQueries({ queryKey: ['invoices'] });
      void queryClient.invalidateQueries({ queryKey: ['customer', invoice.customer] });
      for (const warning of invoice.warnings ?? []) notifications.show({ color: 'yellow', title: t('invoices.credit_warning'), message: warning.message });
      if (finalizeError) notifications.show({ color: 'red', title: t('invoices.finalize_failed'), message: (finalizeError as Error).message });
      else notifications.show({ color: 'green', message: invoice.status === 'draft' ? t('invoices.draft_created') : t('invoices.finalized') });
      navigate(`/${invoice.id}`);
    },
    onError: (error) => {
      const line = error instanceof ApiError ? /^lines\[(\d+)\]\[(\w+)\]$/.exec(error.param ?? '') : null;
      if (line && API_LINE_FIELDS[line[2]!]) {
        form.setFieldError(`lines.${line[1]}.${API_LINE_FIELDS[line[2]!]}`, error.message);
        setFormError(null);
      } else if (showFieldError(form, error)) setFormError(null);
      else setFormError(error);
    },
  });
  const submit = (finalize: boolean) => form.onSubmit((values) => create.mutate({ values, finalize }));

  return (
    <Stack gap="md" maw={960}>
      <Anchor component={Link} href="/" size="sm">
        <Group gap={4} wrap="nowrap">
          <IconArrowLeft size={14} aria-hidden />
          {t('invoices.back')}
        </Group>
      </Anchor>
      <Title order={2}>{t('invoices.new_title')}</Title>
      <form onSubmit={submit(false)} noValidate>
        <Stack gap="md">
          <ErrorAlert error={formError} />
          <Card withBorder padding="lg">
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <CustomerPicker value={values.customer} onChange={(id) => form.setFieldValue('customer', id)} error={form.errors.customer} />
              <Select
                label={t('fields.currency')}
                data={[...new Set([session.business.currency.toLowerCase(), ...CURRENCIES])].map((c) => ({ value: c, label: c.toUpperCase() }))}
                allowDeselect={false}
                searchable
                comboboxProps={{ withinPortal: true }}
                {...form.getInputProps('currency')}
              />
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
              <NumberInput
                label={t('fields.days_until_due')}
                description={t('invoices.days_until_due_hint')}
                min={0}
                max={365}
                allowDecimal={false}
                {...form.getInputProps('days_until_due')}
              />
            </SimpleGrid>
            <Textarea mt="md" label={t('fields.description')} autosize minRows={2} {...form.getInputProps('description')} />
          </Card>

          <Card withBorder padding="lg">
            <Title order={3} size="h5" mb="md">
              {t('invoices.lines')}
            </Title>
            <Stack gap="md">
              {values.lines.map((line, index) => (
                <Card key={line.key} withBorder padding="sm" bg="var(--mantine-color-gray-0)">
                  <Stack gap="xs">
                    <Group justify="space-between" wrap="nowrap">
                      <SegmentedControl
                        size="xs"
                        aria-label={t('invoices.line_kind', { number: index + 1 })}
                        value={line.kind}
                        onChange={(kind) => form.setFieldValue(`lines.${index}.kind`, kind as Line['kind'])}
                        data={[
                          { value: 'custom', label: t('invoices.line_custom') },
                          { value: 'price', label: t('invoices.line_price') },
                        ]}
                      />
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={t('invoices.remove_line', { number: index + 1 })}
                        disabled={values.lines.length === 1}
                        onClick={() => form.removeListItem('lines', index)}
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Group>
                    <SimpleGrid cols={{ base: 1, sm: line.kind === 'custom' ? 3 : 2 }}>
                      {line.kind === 'price' ? (
                        <Select
                          label={t('fields.price')}
                          placeholder={priceOptions.length ? t('invoices.pick_price') : t('invoices.no_prices', { currency: values.currency.toUpperCase() })}
                          data={priceOptions.map((p) => ({
                            value: p.id,
                            label: `${p.productName}${p.nickname ? ` · ${p.nickname}` : ''} · ${format.money(p.unit_amount, p.currency)}`,
                          }))}
                          searchable
                          comboboxProps={{ withinPortal: true }}
                          {...form.getInputProps(`lines.${index}.price`)}
                        />
                      ) : (
                        <>
                          <TextInput label={t('fields.description')} {...form.getInputProps(`lines.${index}.description`)} />
                          <TextInput
                            label={t('fields.unit_amount', { currency: values.currency.toUpperCase() })}
                            inputMode="decimal"
                            placeholder="0.00"
                            {...form.getInputProps(`lines.${index}.amount`)}
                          />
                        </>
                      )}
                      <NumberInput label={t('fields.quantity')} min={1} max={100000} allowDecimal={false} {...form.getInputProps(`lines.${index}.quantity`)} />
                    </SimpleGrid>
                    <Text size="sm" ta="right" c="dimmed">
                      {t('invoices.line_total', { amount: format.money(lineTotal(line), values.currency) })}
                    </Text>
                  </Stack>
                </Card>
              ))}
              <Group justify="space-between" wrap="wrap">
                <Button variant="default" leftSection={<IconPlus size={16} />} onClick={() => form.insertListItem('lines', newLine('custom'))}>
                  {t('invoices.add_line')}
                </Button>
                <Stack gap={0} align="flex-end">
                  <Text fw={700} size="lg">
                    {t('invoices.total_before_tax', { amount: format.money(total, values.currency) })}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t('invoices.tax_note')}
                  </Text>
                </Stack>
              </Group>
            </Stack>
          </Card>

          <Group justify="flex-end">
            <Button variant="default" component={Link} href="/">
              {t('common.cancel')}
            </Button>
            <Button type="submit" variant="light" loading={create.isPending && !create.variables?.finalize}>
              {t('invoices.save_draft')}
            </Button>
            {hasRole(session, 'manager') && (
              <Button onClick={() => submit(true)()} loading={create.isPending && create.variables?.finalize}>
                {t('invoices.create_finalize')}
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

function lineAt(values: Values, path: string): Line {
  const index = Number(path.split('.')[1]);
  return values.lines[index]!;
}
