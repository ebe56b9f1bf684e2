import { Alert, Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { api } from '@shared/api.ts';
import { IconAlertCircle, IconCircleCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AuthLayout } from './auth-layout.tsx';
import { splitError } from './errors.ts';
import { SecretField } from './secret-field.tsx';

/** /app/reset asks for the email; /app/reset?token=... (from the email) sets the new password. */
export function ResetPage() {
  const token = new URLSearchParams(window.location.search).get('token');
  return token ? <ChooseNewPassword token={token} /> : <RequestReset />;
}

function RequestReset() {
  const { t } = useTranslation('app-auth');
  const [email, setEmail] = useState('');
  const request = useMutation({ mutationFn: () => api('/auth/password_reset', { body: { email } }) });
  const { field, general } = splitError(request.error, ['email']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    request.mutate();
  };
  return (
    <AuthLayout title={t('reset.request_title')} subtitle={t('reset.request_subtitle')}>
      {request.isSuccess ? (
        <Alert color="teal" icon={<IconCircleCheck size={18} />} role="status">
          {t('reset.sent', { email })}
        </Alert>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            {general && (
              <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
                {general}
              </Alert>
            )}
            <TextInput
              label={t('fields.email')}
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={field.email}
            />
            <Button type="submit" loading={request.isPending} fullWidth>
              {t('reset.send')}
            </Button>
          </Stack>
        </form>
      )}
      <Anchor href="/app/" size="sm">
        {t('reset.back')}
      </Anchor>
    </AuthLayout>
  );
}

function ChooseNewPassword({ token }: { token: string }) {
  const { t } = useTranslation('app-auth');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const confirm = useMutation({ mutationFn: () => api('/auth/password_reset/confirm', { body: { token, password } }) });
  const { field, general } = splitError(confirm.error, ['password']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMismatch(password !== repeat);
    if (password === repeat) confirm.mutate();
  };
  if (confirm.isSuccess) {
    return (
      <AuthLayout title={t('reset.done_title')}>
        <Text>{t('reset.done')}</Text>
        <Button component="a" href="/app/" fullWidth>
          {t('sign_in.submit')}
        </Button>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title={t('reset.choose_title')} subtitle={t('fields.password_rule')}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {general && (
            <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
              {general}
            </Alert>
          )}
          <SecretField
            label={t('fields.new_password')}
            autoComplete="new-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={field.password}
          />
          <SecretField
            label={t('fields.repeat_password')}
            autoComplete="new-password"
            required
            value={repeat}
            onChange={(e) => setRepeat(e.currentTarget.value)}
            error={mismatch ? t('fields.passwords_differ') : undefined}
          />
          <Button type="submit" loading={confirm.isPending} fullWidth>
            {t('reset.save')}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
