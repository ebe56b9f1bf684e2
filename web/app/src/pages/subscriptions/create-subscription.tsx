import { Button, Group, Modal, NumberInput, SegmentedControl, SimpleGrid, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { api } from '@shared/api.ts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CustomerPicker } from '../customers/shared/customer-ref.tsx';
import { showFieldError } from '../customers/shared/form-errors.ts';
import { ErrorAlert } from '../customers/shared/list.tsx';
import { ItemsEditor, itemsBody } from './items-editor.tsx';
import { type ItemDraft, type Subscription, subscriptionKeys } from './types.ts';

type Values = {
  customer: string | null;
  items: ItemDraft[];
  collection_method: 'charge_automatically' | 'send_invoice';
  days_until_due: number | string;
  trial_period_days: number | string;
  billing_cycle_anchor_day: number | string;
};

const blank = (customer: string | null): Values => ({
  customer,
  items: [{ price: null, quantity: 1 }],
  collection_method: 'charge_automatically',
  days_until_due: '',
  trial_period_days: '',
  billing_cycle_anchor_day: '',
});

const optionalNumber = (value: number | string) => (value === '' ? null : Number(value));

/**
 * Starts a subscription now: customer, prices and quantities, how it is paid, an optional trial
 * and the day of the month billing is anchored to. The first invoice is issued at once (unless
 * trialing); with autopay it is charged to the customer's saved card.
 */
export function CreateSubscriptionModal({
  opened,
  onClose,
  initialCustomer,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  initialCustomer?: string | null;
  onCreated?: (sub: Subscription) => void;
}) {
  const { t } = useTranslation('app-billing');
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: blank(initialCustomer ?? null),
    validate: {
      customer: (value) => (value ? null : t('errors.customer_required')),
      items: { price: (value) => (value ? null : t('errors.price_required')) },
    },
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the modal opens
  useEffect(() => {
    if (!opened) return;
    form.setValues(blank(initialCustomer ?? null));
    form.clearErrors();
    setFormError(null);
  }, [opened]);

  const create = useMutation({
    mutationFn: (values: Values) =>
      api<Subscription>('/v1/subscriptions', {
        method: 'POST',
        body: {
          customer: values.customer,
          items: itemsBody(values.items) ?? values.items,
          collection_method: values.collection_method,
          days_until_due: values.collection_method === 'send_invoice' ? optionalNumber(values.days_until_due) : null,
          trial_period_days: optionalNumber(values.trial_period_days),
          billing_cycle_anchor_day: optionalNumber(values.billing_cycle_anchor_day),
        },
      }),
    onSuccess: (sub) => {
      queryClient.setQueryData(subscriptionKeys.one(sub.id), sub);
      void queryClient.invalidateQueries({ queryKey: subscriptionKeys.all });
      void queryClient.invalidateQueries({ queryKey: ['invoices'] });
      notifications.show({ color: 'green', message: t(sub.status === 'trialing' ? 'subscriptions.created_trial' : 'subscriptions.created') });
      onClose();
      onCreated?.(sub);
    },
    onError: (error) => {
      // `items[price]` names the list when a price is unknown; put it on the first row.
      setFormError(showFieldError(form, error, { 'items[price]': 'items.0.price' }) ? null : error);
    },
  });

  const values = form.getValues();
  return (
    <Modal opened={opened} onClose={onClose} title={t('subscriptions.new_title')} size="lg" centered closeButtonProps={{ 'aria-label': t('actions.close') }}>
      <form onSubmit={form.onSubmit((v) => create.mutate(v))} noValidate>
        <Stack>
          <ErrorAlert error={formError} />
          <CustomerPicker
            label={t('fields.customer')}
            value={values.customer}
            onChange={(id) => form.setFieldValue('customer', id)}
            error={form.errors.customer}
          />
          <ItemsEditor form={form} />
          <Stack gap={4}>
            <Text size="sm" fw={500} id="collection-method-label">
              {t('fields.collection_method')}
            </Text>
            <SegmentedControl
              aria-labelledby="collection-method-label"
              data={[
                { value: 'charge_automatically', label: t('collection.charge_automatically') },
                { value: 'send_invoice', label: t('collection.send_invoice') },
              ]}
              {...form.getInputProps('collection_method')}
            />
            <Text size="xs" c="dimmed">
              {t(`collection.${values.collection_method}_hint`)}
            </Text>
          </Stack>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <NumberInput
              label={t('fields.trial_days')}
              description={t('subscriptions.trial_hint')}
              min={0}
              max={730}
              allowDecimal={false}
              {...form.getInputProps('trial_period_days')}
            />
            <NumberInput
              label={t('fields.anchor_day')}
              description={t('subscriptions.anchor_hint')}
              min={1}
              max={31}
              allowDecimal={false}
              {...form.getInputProps('billing_cycle_anchor_day')}
            />
            {values.collection_method === 'send_invoice' && (
              <NumberInput
                label={t('fields.days_until_due')}
                description={t('subscriptions.days_until_due_hint')}
                min={0}
                max={365}
                allowDecimal={false}
                {...form.getInputProps('days_until_due')}
              />
            )}
          </SimpleGrid>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('actions.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t('subscriptions.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
