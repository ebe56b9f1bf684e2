import { Grid, NumberInput, SegmentedControl, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { ApiError, api } from '@shared/api.ts';
import { parseMoney } from '@shared/format.ts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../session.tsx';
import { ErrorAlert, NS, notifySaved, OwnerOnlyNote, SaveRow, Section, SectionSkeleton, useFieldErrors } from './common.tsx';

type PaymentTerms = {
  net_days: number;
  early_payment_discount: { percent: number; days: number } | null;
  late_fee: { type: 'fixed'; amount: number; currency: string; grace_days: number } | { type: 'percent'; percent: number; grace_days: number } | null;
};

type RetryPolicy = {
  strategy: 'smart' | 'fixed';
  max_retries: number;
  window_days: number;
  interval_days: number;
  retry_hard_declines: boolean;
  on_exhausted: 'unpaid' | 'paused' | 'canceled';
};

function minorToInput(minor: number, currency: string): string {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return (minor / 10 ** digits).toFixed(digits);
}

const num = (v: string | number) => (typeof v === 'number' ? v : Number.parseFloat(v));

export function BillingSettings({ canEdit }: { canEdit: boolean }) {
  return (
    <Stack gap="lg">
      <OwnerOnlyNote show={!canEdit} />
      <PaymentTermsForm canEdit={canEdit} />
      <RetryPolicyForm canEdit={canEdit} />
    </Stack>
  );
}

function PaymentTermsForm({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation(NS);
  const query = useQuery({ queryKey: ['settings', 'payment_terms'], queryFn: () => api<PaymentTerms>('/v1/settings/payment_terms') });
  return (
    <Section title={t('terms.title')} description={t('terms.description')}>
      {query.isPending ? <SectionSkeleton /> : query.isError ? <ErrorAlert error={query.error} /> : <TermsFields terms={query.data} canEdit={canEdit} />}
    </Section>
  );
}

function TermsFields({ terms, canEdit }: { terms: PaymentTerms; canEdit: boolean }) {
  const { t } = useTranslation(NS);
  const session = useSession();
  const client = useQueryClient();
  const errors = useFieldErrors();
  const [netDays, setNetDays] = useState<string | number>(terms.net_days);
  const [discountOn, setDiscountOn] = useState(terms.early_payment_discount !== null);
  const [discountPercent, setDiscountPercent] = useState<string | number>(terms.early_payment_discount?.percent ?? 2);
  const [discountDays, setDiscountDays] = useState<string | number>(terms.early_payment_discount?.days ?? 10);
  const fee = terms.late_fee;
  const feeCurrency = fee?.type === 'fixed' ? fee.currency : session.business.currency;
  const [feeType, setFeeType] = useState<'none' | 'fixed' | 'percent'>(fee?.type ?? 'none');
  const [feeAmount, setFeeAmount] = useState(fee?.type === 'fixed' ? minorToInput(fee.amount, fee.currency) : '');
  const [feePercent, setFeePercent] = useState<string | number>(fee?.type === 'percent' ? fee.percent : 1.5);
  const [graceDays, setGraceDays] = useState<string | number>(fee?.grace_days ?? 0);
  const save = useMutation({
    mutationFn: (body: unknown) => api<PaymentTerms>('/v1/settings/payment_terms', { body }),
    onSuccess: (saved) => {
      client.setQueryData(['settings', 'payment_terms'], saved);
      notifySaved(t('common.saved'));
    },
    onError: errors.take,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    errors.clear();
    let lateFee: unknown = null;
    if (feeType === 'fixed') {
      const amount = parseMoney(feeAmount, feeCurrency);
      if (amount === null || amount <= 0) return errors.take(new ApiError(400, 'parameter_invalid', t('terms.fee_amount_invalid'), 'late_fee.amount'));
      lateFee = { type: 'fixed', amount, currency: feeCurrency, grace_days: num(graceDays) };
    } else if (feeType === 'percent') lateFee = { type: 'percent', percent: num(feePercent), grace_days: num(graceDays) };
    save.mutate({
      net_days: num(netDays),
      early_payment_discount: discountOn ? { percent: num(discountPercent), days: num(discountDays) } : null,
      late_fee: lateFee,
    });
  };
  return (
    <form onSubmit={submit} noValidate>
      <ErrorAlert error={errors.general} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, sm: 6, md: 4 }}>
          <NumberInput
            label={t('terms.net_days')}
            description={t('terms.net_days_help')}
            min={0}
            max={365}
            allowDecimal={false}
            value={netDays}
            onChange={setNetDays}
            error={errors.of('net_days')}
            disabled={!canEdit}
          />
        </Grid.Col>
      </Grid>
      <Switch mt="lg" label={t('terms.discount')} checked={discountOn} onChange={(e) => setDiscountOn(e.currentTarget.checked)} disabled={!canEdit} />
      {discountOn && (
        <Grid gap="md" mt="xs">
          <Grid.Col span={{ base: 6, md: 4 }}>
            <NumberInput
              label={t('terms.discount_percent')}
              min={0.01}
              max={99.99}
              decimalScale={2}
              suffix=" %"
              value={discountPercent}
              onChange={setDiscountPercent}
              error={errors.of('early_payment_discount.percent')}
              disabled={!canEdit}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 6, md: 4 }}>
            <NumberInput
              label={t('terms.discount_days')}
              min={0}
              max={365}
              allowDecimal={false}
              value={discountDays}
              onChange={setDiscountDays}
              error={errors.of('early_payment_discount.days')}
              disabled={!canEdit}
            />
          </Grid.Col>
        </Grid>
      )}
      <Text size="sm" fw={500} mt="lg" mb={4} id="late-fee-label">
        {t('terms.late_fee')}
      </Text>
      <SegmentedControl
        aria-labelledby="late-fee-label"
        value={feeType}
        onChange={(v) => setFeeType(v as typeof feeType)}
        disabled={!canEdit}
        data={[
          { value: 'none', label: t('terms.fee_none') },
          { value: 'fixed', label: t('terms.fee_fixed') },
          { value: 'percent', label: t('terms.fee_percent') },
        ]}
      />
      {feeType !== 'none' && (
        <Grid gap="md" mt="xs">
          <Grid.Col span={{ base: 6, md: 4 }}>
            {feeType === 'fixed' ? (
              <TextInput
                label={t('terms.fee_amount', { currency: feeCurrency.toUpperCase() })}
                inputMode="decimal"
                value={feeAmount}
                onChange={(e) => setFeeAmount(e.currentTarget.value)}
                error={errors.of('late_fee.amount')}
                disabled={!canEdit}
              />
            ) : (
              <NumberInput
                label={t('terms.fee_percent_label')}
                min={0.01}
                max={99.99}
                decimalScale={2}
                suffix=" %"
                value={feePercent}
                onChange={setFeePercent}
                error={errors.of('late_fee.percent')}
                disabled={!canEdit}
              />
            )}
          </Grid.Col>
          <Grid.Col span={{ base: 6, md: 4 }}>
            <NumberInput
              label={t('terms.grace_days')}
              min={0}
              max={365}
              allowDecimal={false}
              value={graceDays}
              onChange={setGraceDays}
              error={errors.of('late_fee.grace_days')}
              disabled={!canEdit}
            />
          </Grid.Col>
        </Grid>
      )}
      {canEdit && <SaveRow loading={save.isPending} />}
    </form>
  );
}

function RetryPolicyForm({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation(NS);
  const query = useQuery({ queryKey: ['settings', 'retry_policy'], queryFn: () => api<RetryPolicy>('/v1/settings/retry_policy') });
  return (
    <Section title={t('retry.title')} description={t('retry.description')}>
      {query.isPending ? <SectionSkeleton /> : query.isError ? <ErrorAlert error={query.error} /> : <RetryFields policy={query.data} canEdit={canEdit} />}
    </Section>
  );
}

function RetryFields({ policy, canEdit }: { policy: RetryPolicy; canEdit: boolean }) {
  const { t } = useTranslation(NS);
  const client = useQueryClient();
  const errors = useFieldErrors();
  const [p, setP] = useState(policy);
  const set = <K extends keyof RetryPolicy>(key: K, value: RetryPolicy[K]) => setP((old) => ({ ...old, [key]: value }));
  const save = useMutation({
    mutationFn: (body: RetryPolicy) => api<RetryPolicy>('/v1/settings/retry_policy', { body }),
    onSuccess: (saved) => {
      client.setQueryData(['settings', 'retry_policy'], saved);
      notifySaved(t('common.saved'));
    },
    onError: errors.take,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    errors.clear();
    save.mutate({
      strategy: p.strategy,
      max_retries: p.max_retries,
      window_days: p.window_days,
      interval_days: p.interval_days,
      retry_hard_declines: p.retry_hard_declines,
      on_exhausted: p.on_exhausted,
    });
  };
  const whole = (v: string | number) => Math.trunc(num(v) || 0);
  return (
    <form onSubmit={submit} noValidate>
      <ErrorAlert error={errors.general} />
      <Text size="sm" fw={500} mb={4} id="strategy-label">
        {t('retry.strategy')}
      </Text>
      <SegmentedControl
        aria-labelledby="strategy-label"
        value={p.strategy}
        onChange={(v) => set('strategy', v as RetryPolicy['strategy'])}
        disabled={!canEdit}
        data={[
          { value: 'smart', label: t('retry.smart') },
          { value: 'fixed', label: t('retry.fixed') },
        ]}
      />
      <Text size="xs" c="dimmed" mt={4}>
        {p.strategy === 'smart' ? t('retry.smart_help') : t('retry.fixed_help')}
      </Text>
      <Grid gap="md" mt="sm">
        <Grid.Col span={{ base: 12, sm: 4 }}>
          <NumberInput
            label={t('retry.max_retries')}
            min={0}
            max={8}
            allowDecimal={false}
            value={p.max_retries}
            onChange={(v) => set('max_retries', whole(v))}
            error={errors.of('max_retries')}
            disabled={!canEdit}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 4 }}>
          <NumberInput
            label={t('retry.window_days')}
            min={1}
            max={60}
            allowDecimal={false}
            value={p.window_days}
            onChange={(v) => set('window_days', whole(v))}
            error={errors.of('window_days')}
            disabled={!canEdit}
          />
        </Grid.Col>
        {p.strategy === 'fixed' && (
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <NumberInput
              label={t('retry.interval_days')}
              min={1}
              max={30}
              allowDecimal={false}
              value={p.interval_days}
              onChange={(v) => set('interval_days', whole(v))}
              error={errors.of('interval_days')}
              disabled={!canEdit}
            />
          </Grid.Col>
        )}
      </Grid>
      <Grid gap="md" mt="sm" align="flex-end">
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <Select
            label={t('retry.on_exhausted')}
            value={p.on_exhausted}
            onChange={(v) => v && set('on_exhausted', v as RetryPolicy['on_exhausted'])}
            allowDeselect={false}
            disabled={!canEdit}
            error={errors.of('on_exhausted')}
            data={[
              { value: 'unpaid', label: t('retry.exhausted_unpaid') },
              { value: 'paused', label: t('retry.exhausted_paused') },
              { value: 'canceled', label: t('retry.exhausted_canceled') },
            ]}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <Switch
            label={t('retry.hard_declines')}
            checked={p.retry_hard_declines}
            onChange={(e) => set('retry_hard_declines', e.currentTarget.checked)}
            disabled={!canEdit}
          />
        </Grid.Col>
      </Grid>
      {canEdit && <SaveRow loading={save.isPending} />}
    </form>
  );
}
