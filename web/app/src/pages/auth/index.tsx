import { Center, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Placeholder: the sign-in flow (password, TOTP, enrolment, reset, invitations) is being built. */
export function SignInPage() {
  const { t } = useTranslation('app-auth');
  return (
    <Center h="100vh">
      <Title order={1}>{t('sign_in.title')}</Title>
    </Center>
  );
}
