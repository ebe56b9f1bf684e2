import { Alert, Anchor, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { api } from '@shared/api.ts';
import { IconAlertCircle } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isRateLimited, splitError } from './errors.ts';
import { SecretField } from './secret-field.tsx';

type Step = 'password' | 'code' | 'recovery';

/** Email and password, then the authentication code (or a recovery code) when the account has MFA. */
export function SignInForm({ initialEmail, lockEmail, onSignedIn }: { initialEmail?: string; lockEmail?: boolean; onSignedIn: () => void }) {
  const { t } = useTranslation('app-auth');
  const [step, setStep] = useState<Step>('password');
  const [email, setEmail] = useState(initialEmail ?? '');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');

  const signIn = useMutation({
    mutationFn: () => api<{ next: 'mfa' | 'done' }>('/auth/sign_in', { body: { email, password } }),
    onSuccess: (result) => {
      if (result.next === 'done') onSignedIn();
      else setStep('code');
    },
  });
  const verify = useMutation({
    mutationFn: () => api<{ next: 'done' }>('/auth/mfa', { body: step === 'recovery' ? { recovery_code: code } : { code } }),
    onSuccess: onSignedIn,
  });

  const active = step === 'password' ? signIn : verify;
  const { field, general } = splitError(active.error, ['email', 'password', 'code', 'recovery_code']);
  const generalMessage = isRateLimited(active.error) ? t('sign_in.rate_limited') : general;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    active.mutate();
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {generalMessage && (
          <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
            {generalMessage}
          </Alert>
        )}
        {step === 'password' ? (
          <>
            <TextInput
              label={t('fields.email')}
              type="email"
              autoComplete="username"
              required
              value={email}
              readOnly={lockEmail}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={field.email}
              data-autofocus
            />
            <SecretField
              label={t('fields.password')}
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={field.password}
            />
            <Group justify="space-between" wrap="nowrap">
              <Anchor href="/app/reset" size="sm">
                {t('sign_in.forgot')}
              </Anchor>
            </Group>
            <Button type="submit" loading={signIn.isPending} fullWidth>
              {t('sign_in.submit')}
            </Button>
          </>
        ) : (
          <>
            <Text size="sm">{step === 'code' ? t('mfa.prompt') : t('mfa.recovery_prompt')}</Text>
            <TextInput
              key={step}
              label={step === 'code' ? t('fields.code') : t('fields.recovery_code')}
              inputMode={step === 'code' ? 'numeric' : 'text'}
              autoComplete="one-time-code"
              required
              value={code}
              onChange={(e) => setCode(e.currentTarget.value)}
              error={field.code ?? field.recovery_code}
              autoFocus
            />
            <Button type="submit" loading={verify.isPending} fullWidth>
              {t('mfa.verify')}
            </Button>
            <Anchor
              component="button"
              type="button"
              size="sm"
              onClick={() => {
                setStep(step === 'code' ? 'recovery' : 'code');
                setCode('');
                verify.reset();
              }}
            >
              {step === 'code' ? t('mfa.use_recovery') : t('mfa.use_app')}
            </Anchor>
          </>
        )}
      </Stack>
    </form>
  );
}
