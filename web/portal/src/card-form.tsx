import { Alert, Button, Group, Loader, Stack, Text, TextInput } from '@mantine/core';
import { api } from '@shared/api.ts';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from './errors.ts';
import { PORTAL_API } from './queries.ts';
import { digitsOf, expiryProblem, luhnValid, sandboxToken } from './sandbox-cards.ts';
import type { CardSetup } from './types.ts';

/** What the form hands back: a sandbox token to use, or `saved` when Stripe saved the card already. */
export type CardResult = { token: string } | { saved: true };

type Props = {
  business: string;
  submitLabel: string;
  busy: boolean;
  /** A server error about the card (a decline, an unknown card), shown on the form. */
  error: unknown;
  onCard: (result: CardResult) => void;
  onCancel: () => void;
};

type StripeJs = {
  elements(options: { clientSecret: string }): { create(type: 'payment'): { mount(el: HTMLElement): void; destroy(): void } };
  confirmSetup(options: {
    elements: unknown;
    redirect: 'if_required';
  }): Promise<{ error?: { message?: string }; setupIntent?: { payment_method: string | { id: string } } }>;
};

declare global {
  interface Window {
    Stripe?: (key: string) => StripeJs;
  }
}

/** Stripe.js is loaded from js.stripe.com only for businesses that take cards through Stripe. */
function loadStripeJs(): Promise<NonNullable<Window['Stripe']>> {
  if (window.Stripe) return Promise.resolve(window.Stripe);
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = 'https://js.stripe.com/v3/';
    script.onload = () => (window.Stripe ? resolve(window.Stripe) : reject(new Error('Stripe.js did not load')));
    script.onerror = () => reject(new Error('Stripe.js did not load'));
    document.head.appendChild(script);
  });
}

function SandboxCardForm({ business, submitLabel, busy, error, onCard, onCancel }: Props) {
  const { t } = useTranslation('portal');
  const [number, setNumber] = useState('');
  const [expiry, setExpiry] = useState('');
  const [cvc, setCvc] = useState('');
  const [problems, setProblems] = useState<{ number?: string; expiry?: string; cvc?: string }>({});
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const digits = digitsOf(number);
    const found: typeof problems = {};
    if (!luhnValid(digits)) found.number = t('card_form.invalid_number');
    else if (!sandboxToken(digits)) found.number = t('card_form.unknown_test_card');
    const expiryIssue = expiryProblem(expiry);
    if (expiryIssue) found.expiry = t(expiryIssue === 'expired' ? 'card_form.expired' : 'card_form.invalid_expiry');
    if (!/^\d{3,4}$/.test(cvc.trim())) found.cvc = t('card_form.invalid_cvc');
    setProblems(found);
    if (Object.keys(found).length === 0) onCard({ token: sandboxToken(digits)! });
  };
  const cardError =
    error && (error as { param?: string }).param === 'payment_method' && (error as { code?: string }).code !== 'card_declined' ? errorText(t, error) : null;
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Alert color="orange" variant="light">
          {t('card_form.test_hint')}
        </Alert>
        <TextInput
          label={t('card_form.number')}
          inputMode="numeric"
          autoComplete="cc-number"
          placeholder="4242 4242 4242 4242"
          value={number}
          onChange={(e) => setNumber(e.currentTarget.value)}
          error={problems.number ?? cardError}
          required
        />
        <Group grow align="flex-start">
          <TextInput
            label={t('card_form.expiry')}
            autoComplete="cc-exp"
            placeholder="12/30"
            value={expiry}
            onChange={(e) => setExpiry(e.currentTarget.value)}
            error={problems.expiry}
            required
          />
          <TextInput
            label={t('card_form.cvc')}
            inputMode="numeric"
            autoComplete="cc-csc"
            placeholder="123"
            value={cvc}
            onChange={(e) => setCvc(e.currentTarget.value)}
            error={problems.cvc}
            required
          />
        </Group>
        {Boolean(error) && !cardError && (
          <Alert color="red" role="alert">
            {errorText(t, error)}
          </Alert>
        )}
        <Text size="xs" c="gray.7">
          {t('card_form.secure_note', { business })}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('card_form.cancel')}
          </Button>
          <Button type="submit" loading={busy}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function StripeCardForm({ setup, business, submitLabel, busy, error, onCard, onCancel }: Props & { setup: CardSetup }) {
  const { t } = useTranslation('portal');
  const mount = useRef<HTMLDivElement>(null);
  const stripe = useRef<{ js: StripeJs; elements: unknown } | null>(null);
  const [ready, setReady] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    let element: { destroy(): void } | null = null;
    loadStripeJs()
      .then((Stripe) => {
        if (!mount.current || !setup.publishable_key || !setup.client_secret) return;
        const js = Stripe(setup.publishable_key);
        const elements = js.elements({ clientSecret: setup.client_secret });
        const payment = elements.create('payment');
        payment.mount(mount.current);
        element = payment;
        stripe.current = { js, elements };
        setReady(true);
      })
      .catch(() => setProblem(t('errors.network')));
    return () => element?.destroy();
  }, [setup, t]);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!stripe.current) return;
    setSaving(true);
    setProblem(null);
    try {
      const result = await stripe.current.js.confirmSetup({ elements: stripe.current.elements, redirect: 'if_required' });
      if (result.error || !result.setupIntent) throw new Error(result.error?.message ?? t('errors.generic'));
      const pm = result.setupIntent.payment_method;
      await api(`${PORTAL_API}/card`, { body: { payment_method: typeof pm === 'string' ? pm : pm.id } });
      onCard({ saved: true });
    } catch (caught) {
      setProblem(caught instanceof Error && !('status' in caught) ? caught.message : errorText(t, caught));
    } finally {
      setSaving(false);
    }
  };
  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        {!ready && !problem && (
          <Group gap="xs">
            <Loader size="sm" aria-hidden />
            <Text size="sm">{t('card_form.loading')}</Text>
          </Group>
        )}
        <div ref={mount} />
        {(problem !== null || Boolean(error)) && (
          <Alert color="red" role="alert">
            {problem ?? errorText(t, error)}
          </Alert>
        )}
        <Text size="xs" c="gray.7">
          {t('card_form.secure_note', { business })}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('card_form.cancel')}
          </Button>
          <Button type="submit" loading={busy || saving} disabled={!ready}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Card entry: the sandbox's test-card form, or Stripe's Payment Element when the business uses Stripe. */
export function CardForm(props: Props) {
  const { t } = useTranslation('portal');
  const setup = useQuery({
    queryKey: ['card-setup'],
    queryFn: () => api<CardSetup>(`${PORTAL_API}/card/setup`, { method: 'POST' }),
    staleTime: 0,
    gcTime: 0,
    retry: false,
  });
  if (setup.isPending) {
    return (
      <Group gap="xs">
        <Loader size="sm" aria-hidden />
        <Text size="sm">{t('card_form.loading')}</Text>
      </Group>
    );
  }
  if (setup.error) return <Alert color="red">{errorText(t, setup.error)}</Alert>;
  return setup.data.gateway === 'stripe' ? <StripeCardForm {...props} setup={setup.data} /> : <SandboxCardForm {...props} />;
}
