import { Button, Group, Modal, SegmentedControl, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { api } from '@shared/api.ts';
import { parseMoney } from '@shared/format.ts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../session.tsx';
import { showFieldError } from '../customers/shared/form-errors.ts';
import { minorToInput, todayIn, useFormat } from '../customers/shared/format.ts';
import { ErrorAlert } from '../customers/shared/list.tsx';
import type { Invoice, Payment } from '../customers/shared/types.ts';

/** After any money movement the invoice, its customer and every list showing them are stale. */
export function useInvalidateInvoice(invoice: Invoice) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: ['invoice', invoice.id] });
    void queryClient.invalidateQueries({ queryKey: ['invoices'] });
    void queryClient.invalidateQueries({ queryKey: ['payments'] });
    void queryClient.invalidateQueries({ queryKey: ['credit_notes'] });
    void queryClient.invalidateQueries({ queryKey: ['customer', invoice.customer] });
    void queryClient.invalidateQueries({ queryKey: ['ledger', invoice.customer] });
    void queryClient.invalidateQueries({ queryKey: ['payment_plans'] });
  };
}

type ModalProps = { opened: boolean; onClose: () => void; invoice: Invoice };

/** Shared shape of the three money forms: amount field, server errors on fields, success note. */
function useMoneyForm<V extends { amount: string }>(
  props: ModalProps,
  initial: () => V,
  submit: (values: V, amount: number) => Promise<unknown>,
  success: string,
) {
  const { t } = useTranslation('app-customers');
  const invalidate = useInvalidateInvoice(props.invoice);
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm<V>({
    mode: 'controlled',
    initialValues: initial(),
    validate: { amount: (value: string) => ((parseMoney(value, props.invoice.currency) ?? 0) > 0 ? null : t('errors.amount')) } as never,
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: refill when the modal opens
  useEffect(() => {
    if (props.opened) {
      form.setValues(initial());
      form.clearErrors();
      setFormError(null);
    }
  }, [props.opened]);
  const mutation = useMutation({
    mutationFn: (values: V) => submit(values, parseMoney(values.amount, props.invoice.currency)!),
    onSuccess: () => {
      invalidate();
      notifications.show({ color: 'green', message: success });
      props.onClose();
    },
    onError: (error) => {
      if (showFieldError(form, error)) setFormError(null);
      else setFormError(error);
    },
  });
  return { form, mutation, formError };
}

function FormButtons({ onClose, pending, label }: { onClose: () => void; pending: boolean; label: string }) {
  const { t } = useTranslation('app-customers');
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onClose}>
        {t('common.cancel')}
      </Button>
      <Button type="submit" loading={pending}>
        {label}
      </Button>
    </Group>
  );
}

/** Midday UTC of a calendar date: the same date in every business time zone (UTC−11 to UTC+12). */
function middayOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d, 12) / 1000;
}

export function RecordPaymentModal(props: ModalProps) {
  const { t } = useTranslation('app-customers');
  const session = useSession();
  const today = todayIn(session.business.timezone);
  const { invoice } = props;
  const { form, mutation, formError } = useMoneyForm(
    props,
    () => ({ amount: minorToInput(invoice.amount_remaining, invoice.currency), method: 'bank_transfer', reference: '', date: today }),
    (values, amount) =>
      api<Payment>('/v1/payments', {
        method: 'POST',
        body: {
          customer: invoice.customer,
          invoice: invoice.id,
          amount,
          currency: invoice.currency,
          method: values.method,
          reference: values.reference.trim() || null,
          ...(values.date && values.date !== today ? { received_at: middayOf(values.date) } : {}),
        },
      }),
    t('actions.payment_recorded'),
  );
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={t('actions.record_payment')} centered>
      <form onSubmit={form.onSubmit((values) => mutation.mutate(values))} noValidate>
        <Stack>
          <ErrorAlert error={formError} />
          <TextInput
            label={t('fields.amount_in', { currency: invoice.currency.toUpperCase() })}
            inputMode="decimal"
            required
            data-autofocus
            {...form.getInputProps('amount')}
          />
          <Select
            label={t('fields.method')}
            data={['bank_transfer', 'cash', 'other'].map((m) => ({ value: m, label: t(`methods.${m}`) }))}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
            {...form.getInputProps('method')}
          />
          <TextInput type="date" label={t('fields.received_on')} max={today} {...form.getInputProps('date')} />
          <TextInput label={t('fields.reference')} description={t('actions.reference_hint')} {...form.getInputProps('reference')} />
          <FormButtons onClose={props.onClose} pending={mutation.isPending} label={t('actions.record_payment')} />
        </Stack>
      </form>
    </Modal>
  );
}

export function CreditNoteModal(props: ModalProps) {
  const { t } = useTranslation('app-customers');
  const { invoice } = props;
  const { form, mutation, formError } = useMoneyForm(
    props,
    () => ({ amount: '', reason: 'order_change' as string | null, memo: '' }),
    (values, amount) =>
      api('/v1/credit_notes', { method: 'POST', body: { invoice: invoice.id, amount, reason: values.reason, memo: values.memo.trim() || null } }),
    t('actions.credit_note_issued'),
  );
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={t('actions.credit_note')} centered>
      <form onSubmit={form.onSubmit((values) => mutation.mutate(values))} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            {t('actions.credit_note_body')}
          </Text>
          <ErrorAlert error={formError} />
          <TextInput
            label={t('fields.amount_in', { currency: invoice.currency.toUpperCase() })}
            inputMode="decimal"
            required
            data-autofocus
            {...form.getInputProps('amount')}
          />
          <Select
            label={t('fields.reason')}
            data={['order_change', 'product_unsatisfactory', 'duplicate', 'goodwill', 'fraudulent'].map((r) => ({ value: r, label: t(`reasons.${r}`) }))}
            comboboxProps={{ withinPortal: true }}
            {...form.getInputProps('reason')}
          />
          <Textarea label={t('fields.memo')} autosize minRows={2} {...form.getInputProps('memo')} />
          <FormButtons onClose={props.onClose} pending={mutation.isPending} label={t('actions.issue_credit_note')} />
        </Stack>
      </form>
    </Modal>
  );
}

export function RefundModal(props: ModalProps & { payment: Payment | null }) {
  const { t } = useTranslation('app-customers');
  const format = useFormat();
  const { payment, invoice } = props;
  const refundable = payment ? payment.amount - payment.amount_refunded : 0;
  const { form, mutation, formError } = useMoneyForm(
    props,
    () => ({ amount: minorToInput(refundable, invoice.currency), kind: 'full' }),
    (values, amount) =>
      api('/v1/refunds', {
        method: 'POST',
        body: { payment: payment!.id, ...(values.kind === 'full' ? {} : { amount }), reason: 'requested_by_customer' },
      }),
    t('actions.refund_created'),
  );
  const kind = form.getValues().kind;
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={t('actions.refund')} centered>
      <form onSubmit={form.onSubmit((values) => mutation.mutate(values))} noValidate>
        <Stack>
          <Text size="sm">{t('actions.refund_body', { amount: format.money(refundable, invoice.currency) })}</Text>
          <ErrorAlert error={formError} />
          <SegmentedControl
            aria-label={t('actions.refund_kind')}
            data={[
              { value: 'full', label: t('actions.refund_full') },
              { value: 'partial', label: t('actions.refund_partial') },
            ]}
            {...form.getInputProps('kind')}
          />
          {kind === 'partial' && (
            <TextInput
              label={t('fields.amount_in', { currency: invoice.currency.toUpperCase() })}
              inputMode="decimal"
              required
              {...form.getInputProps('amount')}
            />
          )}
          <FormButtons onClose={props.onClose} pending={mutation.isPending} label={t('actions.refund')} />
        </Stack>
      </form>
    </Modal>
  );
}
