import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { AuthLayout } from './auth-layout.tsx';
import { InvitePage } from './invite-page.tsx';
import { ResetPage } from './reset-page.tsx';
import { SignInForm } from './sign-in-form.tsx';

/** The pages reached from emailed links; they work with or without a session. */
export function linkPageFor(pathname: string): 'reset' | 'invite' | null {
  if (/^\/app\/reset\/?$/.test(pathname)) return 'reset';
  if (/^\/app\/invite\/?$/.test(pathname)) return 'invite';
  return null;
}

/**
 * What a signed-out visitor sees at any /app URL: the sign-in form, or the password-reset and
 * invitation pages when the URL is one of those links.
 */
export function SignInPage() {
  const { t } = useTranslation('app-auth');
  const queryClient = useQueryClient();
  const page = linkPageFor(window.location.pathname);
  if (page === 'reset') return <ResetPage />;
  if (page === 'invite') return <InvitePage session={null} />;
  return (
    <AuthLayout title={t('sign_in.title')} subtitle={t('sign_in.subtitle')}>
      <SignInForm onSignedIn={() => void queryClient.invalidateQueries({ queryKey: ['session'] })} />
    </AuthLayout>
  );
}
