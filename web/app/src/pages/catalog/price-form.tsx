import { Alert, Button, Group, Modal, NumberInput, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { api } from '@shared/api.ts';
import { parseMoney } from '@shared/format.ts';
import { IconInfoCircle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../session.tsx';
import { showFieldError } from '../customers/shared/form-errors.ts';
import { ErrorAlert } from '../customers/shared/list.tsx';
import { usePriceText } from './price-text.ts';
import { catalogKeys, useTaxRates } from './queries.ts';
import { INTERVALS, type Interval, type Price } from './types.ts';

type Values = {
  nickname: string;
  currency: string;
  amount: string;
  type: 'recurring' | 'one_time';
  interval: Interval;
  interval_count: number | string;
  tax_rate: string | null;
};

const CURRENCIES = ['usd', 'eur', 'gbp', 'vnd', 'thb', 'amd', 'chf', 'sek', 'nok', 'dkk', 'pln', 'jpy', 'aud', 'cad'];

/**
 * Adds a price to a product. Once created only its nickname can change (amounts are what
 * subscriptions and invoices were billed on): a new amount is a new price, the old one archived.
 */
export function PriceFormModal({ opened, onClose, productId, price }: { opened: boolean; onClose: () => void; productId: string; price?: Price }) {
  const { t } = useTranslation('app-billing');
  const session = useSession();
  const text = usePriceText();
  const queryClient = useQueryClient();
  const taxRates = useTaxRates(true);
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: blank(session.business.currency),
    validate: {
      amount: (value, values) => (price || parseMoney(value, values.currency) !== null ? null : t('errors.amount')),
      interval_count: (value, values) =>
        price || values.type === 'one_time' || (Number.isInteger(Number(value)) && Number(value) >= 1 && Number(value) <= 36)
          ? null
          : t('errors.interval_count'),
    },
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the modal opens
  useEffect(() => {
    if (!opened) return;
    form.setValues(price ? { ...blank(price.currency), nickname: price.nickname ?? '' } : blank(session.business.currency));
    form.clearErrors();
    setFormError(null);
  }, [opened, price?.id]);

  const save = useMutation({
    mutationFn: (values: Values) =>
      price
        ? api<Price>(`/v1/prices/${price.id}`, { method: 'POST', body: { nickname: values.nickname.trim() || null } })
        : api<Price>('/v1/prices', {
            method: 'POST',
            body: {
              product: productId,
              currency: values.currency,
              unit_amount: parseMoney(values.amount, values.currency),
              nickname: values.nickname.trim() || null,
              tax_rate: values.tax_rate,
              recurring: values.type === 'recurring' ? { interval: values.interval, interval_count: Number(values.interval_count) } : null,
            },
          }),
    onSuccess: (saved) => {
      queryClient.setQueryData(catalogKeys.price(saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: catalogKeys.all });
      notifications.show({ color: 'green', message: price ? t('prices.saved') : t('prices.created', { price: text.full(saved) }) });
      onClose();
    },
    onError: (error) => setFormError(showFieldError(form, error, { unit_amount: 'amount', 'recurring.interval_count': 'interval_count' }) ? null : error),
  });

  const values = form.getValues();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={price ? t('prices.edit_title') : t('prices.new_title')}
      centered
      size="lg"
      closeButtonProps={{ 'aria-label': t('actions.close') }}
    >
      <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
        <Stack>
          <ErrorAlert error={formError} />
          {price ? (
            <Alert color="blue" variant="light" icon={<IconInfoCircle size={18} />}>
              <Text size="sm" fw={500}>
                {text.full(price)}
              </Text>
              <Text size="sm">{t('prices.fixed_amount_note')}</Text>
            </Alert>
          ) : (
            <>
              <SegmentedControl
                aria-label={t('fields.price_type')}
                data={[
                  { value: 'recurring', label: t('prices.type_recurring') },
                  { value: 'one_time', label: t('prices.type_one_time') },
                ]}
                {...form.getInputProps('type')}
              />
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput label={t('fields.amount')} required inputMode="decimal" placeholder="49.00" data-autofocus {...form.getInputProps('amount')} />
                <Select
                  label={t('fields.currency')}
                  required
                  allowDeselect={false}
                  searchable
                  data={[...new Set([session.business.currency.toLowerCase(), ...CURRENCIES])].map((c) => ({ value: c, label: c.toUpperCase() }))}
                  {...form.getInputProps('currency')}
                />
              </SimpleGrid>
              {values.type === 'recurring' && (
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <NumberInput label={t('fields.interval_count')} required min={1} max={36} allowDecimal={false} {...form.getInputProps('interval_count')} />
                  <Select
                    label={t('fields.interval')}
                    required
                    allowDeselect={false}
                    data={INTERVALS.map((i) => ({ value: i, label: t(`interval.${i}`) }))}
                    {...form.getInputProps('interval')}
                  />
                </SimpleGrid>
              )}
              {values.type === 'recurring' && Number(values.interval_count) >= 1 && (
                <Text size="sm" c="dimmed">
                  {t('prices.bills', { cadence: text.cadence(values.interval, Number(values.interval_count)) })}
                </Text>
              )}
              <Select
                label={t('fields.tax_rate')}
                placeholder={t('prices.no_tax')}
                clearable
                data={(taxRates.data?.data ?? []).map((rate) => ({ value: rate.id, label: text.taxRate(rate) }))}
                {...form.getInputProps('tax_rate')}
              />
            </>
          )}
          <TextInput label={t('fields.nickname')} description={t('prices.nickname_hint')} {...form.getInputProps('nickname')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('actions.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {price ? t('actions.save') : t('prices.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function blank(currency: string): Values {
  return { nickname: '', currency: currency.toLowerCase(), amount: '', type: 'recurring', interval: 'month', interval_count: 1, tax_rate: null };
}
