import { Button, Group, Modal, NumberInput, Select, SimpleGrid, Stack, Switch, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { ApiError, api } from '@shared/api.ts';
import { parseMoney } from '@shared/format.ts';
import { LANGUAGES } from '@shared/i18n.ts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../session.tsx';
import { customerKey } from './shared/customer-ref.tsx';
import { showFieldError } from './shared/form-errors.ts';
import { minorToInput } from './shared/format.ts';
import { ErrorAlert } from './shared/list.tsx';
import type { Customer } from './shared/types.ts';

type Values = {
  name: string;
  email: string;
  phone: string;
  telegram: string;
  language: string | null;
  tax_id: string;
  payment_terms_days: number | string;
  credit_limit: string;
  prepayment_required: boolean;
  credit_policy: 'warn' | 'block';
  notes: string;
};

function initialValues(customer: Customer | undefined, currency: string): Values {
  return {
    name: customer?.name ?? '',
    email: customer?.email ?? '',
    phone: customer?.phone ?? '',
    telegram: customer?.telegram ?? '',
    language: customer?.preferred_locales[0] ?? null,
    tax_id: customer?.tax_id ?? '',
    payment_terms_days: customer?.payment_terms_days ?? '',
    credit_limit: customer?.credit_limit == null ? '' : minorToInput(customer.credit_limit, currency),
    prepayment_required: customer?.prepayment_required ?? false,
    credit_policy: customer?.credit_policy ?? 'warn',
    notes: customer?.notes ?? '',
  };
}

const blankToNull = (text: string) => (text.trim() === '' ? null : text.trim());

/** The server's English rule, said in the reader's language, for the fields people get wrong most. */
const TRANSLATED_PARAMS = new Set(['email', 'phone', 'name']);

/** Create or edit a customer; the server's validation lands on the field it concerns. */
export function CustomerFormModal({
  opened,
  onClose,
  customer,
  onSaved,
}: {
  opened: boolean;
  onClose: () => void;
  customer?: Customer;
  onSaved?: (customer: Customer) => void;
}) {
  const { t } = useTranslation('app-customers');
  const session = useSession();
  const currency = session.business.currency;
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: initialValues(customer, currency),
    validate: {
      name: (value) => (value.trim() ? null : t('errors.name')),
      credit_limit: (value) => (value.trim() === '' || parseMoney(value, currency) !== null ? null : t('errors.amount')),
    },
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the modal opens or the customer changes
  useEffect(() => {
    if (opened) {
      form.setValues(initialValues(customer, currency));
      form.resetDirty();
      form.clearErrors();
      setFormError(null);
    }
  }, [opened, customer?.id]);

  const save = useMutation({
    mutationFn: (values: Values) => {
      const body = {
        name: values.name.trim(),
        email: blankToNull(values.email),
        phone: blankToNull(values.phone.replace(/[\s()-]/g, '')),
        telegram: blankToNull(values.telegram),
        preferred_locales: values.language ? [values.language] : [],
        tax_id: blankToNull(values.tax_id),
        payment_terms_days: values.payment_terms_days === '' ? null : Number(values.payment_terms_days),
        credit_limit: values.credit_limit.trim() === '' ? null : parseMoney(values.credit_limit, currency),
        prepayment_required: values.prepayment_required,
        credit_policy: values.credit_policy,
        notes: blankToNull(values.notes),
      };
      return api<Customer>(customer ? `/v1/customers/${customer.id}` : '/v1/customers', { method: 'POST', body });
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(customerKey(saved.id), (old: Customer | undefined) => ({ ...old, ...saved }));
      void queryClient.invalidateQueries({ queryKey: ['customers'] });
      void queryClient.invalidateQueries({ queryKey: customerKey(saved.id) });
      notifications.show({ color: 'green', message: customer ? t('customers.saved') : t('customers.created', { name: saved.name }) });
      onClose();
      onSaved?.(saved);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.param && TRANSLATED_PARAMS.has(error.param)) {
        form.setFieldError(error.param, t(`errors.${error.param}`));
        setFormError(null);
      } else if (showFieldError(form, error)) setFormError(null);
      else setFormError(error);
    },
  });

  return (
    <Modal opened={opened} onClose={onClose} title={customer ? t('customers.edit_title') : t('customers.new_title')} size="lg" centered>
      <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
        <Stack>
          <ErrorAlert error={formError} />
          <TextInput label={t('fields.name')} required data-autofocus {...form.getInputProps('name')} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('fields.email')} type="email" autoComplete="off" {...form.getInputProps('email')} />
            <TextInput label={t('fields.phone')} description={t('customers.phone_hint')} type="tel" {...form.getInputProps('phone')} />
            <TextInput label={t('fields.telegram')} {...form.getInputProps('telegram')} />
            <Select
              label={t('fields.language')}
              placeholder={t('customers.language_default')}
              clearable
              data={LANGUAGES.map((language) => ({ value: language.code, label: language.label }))}
              comboboxProps={{ withinPortal: true }}
              {...form.getInputProps('language')}
            />
            <TextInput label={t('fields.tax_id')} {...form.getInputProps('tax_id')} />
            <NumberInput
              label={t('fields.payment_terms_days')}
              description={t('customers.terms_hint')}
              min={0}
              max={365}
              allowDecimal={false}
              {...form.getInputProps('payment_terms_days')}
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('fields.credit_limit', { currency: currency.toUpperCase() })}
              description={t('customers.credit_limit_hint')}
              inputMode="decimal"
              {...form.getInputProps('credit_limit')}
            />
            <Select
              label={t('fields.credit_policy')}
              data={[
                { value: 'warn', label: t('credit_policy.warn') },
                { value: 'block', label: t('credit_policy.block') },
              ]}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
              {...form.getInputProps('credit_policy')}
            />
          </SimpleGrid>
          <Switch label={t('fields.prepayment_required')} {...form.getInputProps('prepayment_required', { type: 'checkbox' })} />
          <Textarea label={t('fields.notes')} autosize minRows={2} maxRows={6} {...form.getInputProps('notes')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {customer ? t('common.save') : t('customers.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
