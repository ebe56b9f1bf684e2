import { Alert, Button, Skeleton, Stack, Text, TextInput } from '@mantine/core';
import { api } from '@shared/api.ts';
import { IconAlertCircle } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Session } from '../../session.tsx';
import { AuthLayout } from './auth-layout.tsx';
import { splitError } from './errors.ts';
import { SecretField } from './secret-field.tsx';
import { SignInForm } from './sign-in-form.tsx';

type Invitation = { business_name: string; email: string; role: 'owner' | 'manager' | 'staff'; existing_user: boolean };

/** /app/invite?token=...: a new colleague sets a name and password; someone with an account signs in and accepts. */
export function InvitePage({ session }: { session: Session | null }) {
  const { t } = useTranslation('app-auth');
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  const invitation = useQuery({
    queryKey: ['invitation', token],
    queryFn: () => api<Invitation>(`/auth/invitations/${encodeURIComponent(token)}`),
    retry: false,
  });
  if (invitation.isPending) {
    return (
      <AuthLayout title={t('invite.title')}>
        <Skeleton h={18} />
        <Skeleton h={36} />
        <Skeleton h={36} />
      </AuthLayout>
    );
  }
  if (invitation.isError) {
    return (
      <AuthLayout title={t('invite.title')}>
        <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
          {invitation.error.message}
        </Alert>
        <Button component="a" href="/app/" variant="light">
          {t('reset.back')}
        </Button>
      </AuthLayout>
    );
  }
  const data = invitation.data;
  return (
    <AuthLayout title={t('invite.title')} subtitle={t('invite.subtitle', { business: data.business_name, role: data.role, email: data.email })}>
      {data.existing_user ? <AcceptAsMember token={token} invitation={data} session={session} /> : <CreateAccount token={token} invitation={data} />}
    </AuthLayout>
  );
}

const goToApp = () => window.location.assign('/app/');

function CreateAccount({ token, invitation }: { token: string; invitation: Invitation }) {
  const { t } = useTranslation('app-auth');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const accept = useMutation({ mutationFn: () => api('/auth/invitations/accept', { body: { token, name, password } }), onSuccess: goToApp });
  const { field, general } = splitError(accept.error, ['name', 'password']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    accept.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {general && (
          <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
            {general}
          </Alert>
        )}
        <TextInput label={t('fields.email')} value={invitation.email} readOnly />
        <TextInput label={t('fields.name')} autoComplete="name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={field.name} />
        <SecretField
          label={t('fields.new_password')}
          description={t('fields.password_rule')}
          autoComplete="new-password"
          required
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={field.password}
        />
        <Button type="submit" loading={accept.isPending} fullWidth>
          {t('invite.create_and_join')}
        </Button>
      </Stack>
    </form>
  );
}

function AcceptAsMember({ token, invitation, session }: { token: string; invitation: Invitation; session: Session | null }) {
  const { t } = useTranslation('app-auth');
  const queryClient = useQueryClient();
  const [signedIn, setSignedIn] = useState(session?.user.email === invitation.email);
  const accept = useMutation({ mutationFn: () => api('/auth/invitations/accept', { body: { token } }), onSuccess: goToApp });
  const signOut = useMutation({
    mutationFn: () => api('/auth/sign_out', { method: 'POST' }),
    onSuccess: () => {
      setSignedIn(false);
      void queryClient.invalidateQueries({ queryKey: ['session'] });
    },
  });
  if (session && session.user.email !== invitation.email && !signOut.isSuccess) {
    return (
      <Stack gap="md">
        <Alert color="yellow" role="status">
          {t('invite.other_account', { current: session.user.email, email: invitation.email })}
        </Alert>
        <Button onClick={() => signOut.mutate()} loading={signOut.isPending} variant="light">
          {t('account.sign_out')}
        </Button>
      </Stack>
    );
  }
  if (!signedIn) {
    return (
      <Stack gap="sm">
        <Text size="sm">{t('invite.sign_in_first')}</Text>
        <SignInForm initialEmail={invitation.email} lockEmail onSignedIn={() => setSignedIn(true)} />
      </Stack>
    );
  }
  return (
    <Stack gap="md">
      {accept.error && (
        <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
          {accept.error.message}
        </Alert>
      )}
      <Button onClick={() => accept.mutate()} loading={accept.isPending} fullWidth>
        {t('invite.accept', { business: invitation.business_name })}
      </Button>
    </Stack>
  );
}
