import { Alert, Button, Container, Loader, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { api } from '@shared/api.ts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import { errorText } from './errors.ts';
import { LanguagePicker } from './language-picker.tsx';
import { keys, PORTAL_API } from './queries.ts';

const BUSINESS_KEY = 'duly.portal.business';

/** The business whose portal this is: `?b=` in the link, else the one this device signed in to last. */
function businessId(): string | null {
  const fromUrl = new URLSearchParams(window.location.search).get('b');
  if (fromUrl) localStorage.setItem(BUSINESS_KEY, fromUrl);
  return fromUrl ?? localStorage.getItem(BUSINESS_KEY);
}

/** Asks for a sign-in link by email. The answer is the same whether or not the address is known. */
export function SignInRequest({ notice }: { notice?: string }) {
  const { t } = useTranslation('portal');
  const [email, setEmail] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const business = businessId();
  const request = useMutation({
    mutationFn: () => api<{ sent: boolean }>(`${PORTAL_API}/magic_link`, { body: { business_id: business, email: email.trim() } }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) {
      setFieldError(t('sign_in.email_invalid'));
      return;
    }
    setFieldError(null);
    request.mutate();
  };
  return (
    <Container size={440} py="xl">
      <Stack>
        <LanguagePicker signedIn={false} />
        <Paper withBorder p="lg" radius="md">
          <Stack>
            <Title order={1} size="h2">
              {t('sign_in.title')}
            </Title>
            {notice && (
              <Alert color="orange" role="alert">
                {notice}
              </Alert>
            )}
            {!business ? (
              <Alert color="blue">{t('sign_in.no_business')}</Alert>
            ) : request.isSuccess ? (
              <Alert color="teal" role="status">
                {t('sign_in.sent', { email: email.trim() })}
              </Alert>
            ) : (
              <form onSubmit={submit} noValidate>
                <Stack>
                  <Text size="sm">{t('sign_in.intro')}</Text>
                  <TextInput
                    label={t('sign_in.email')}
                    type="email"
                    autoComplete="email"
                    required
                    value={email}
                    onChange={(e) => setEmail(e.currentTarget.value)}
                    error={fieldError ?? (request.error ? errorText(t, request.error) : null)}
                  />
                  <Button type="submit" loading={request.isPending} fullWidth>
                    {t('sign_in.submit')}
                  </Button>
                </Stack>
              </form>
            )}
          </Stack>
        </Paper>
      </Stack>
    </Container>
  );
}

// A sign-in token is exchanged once per page load, even if React mounts the page twice.
const exchanged = new Set<string>();

/** /portal/sign-in?token=...: trades the link's token for a session, then opens the portal's home. */
export function TokenExchange() {
  const { t } = useTranslation('portal');
  const [, navigate] = useLocation();
  const queryClient = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const token = new URLSearchParams(window.location.search).get('token');
    if (!token || exchanged.has(token)) return;
    exchanged.add(token);
    api<{ business_id: string }>(`${PORTAL_API}/sign_in`, { body: { token } })
      .then(async (result) => {
        localStorage.setItem(BUSINESS_KEY, result.business_id);
        await queryClient.resetQueries({ queryKey: keys.me });
        navigate('/', { replace: true });
      })
      .catch(setError);
  }, [navigate, queryClient]);
  if (error || !new URLSearchParams(window.location.search).get('token')) return <SignInRequest notice={error ? errorText(t, error) : t('sign_in.invalid')} />;
  return (
    <Container size={440} py="xl">
      <Stack align="center" role="status">
        <Loader aria-hidden />
        <Text>{t('sign_in.signing_in')}</Text>
      </Stack>
    </Container>
  );
}
