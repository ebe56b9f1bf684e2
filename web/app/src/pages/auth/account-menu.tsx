import { Button } from '@mantine/core';
import { useSession } from '../../session.tsx';

/** Placeholder: the account menu (switch business, MFA, sign out) is being built. */
export function AccountMenu() {
  const session = useSession();
  return <Button variant="subtle">{session.user.email}</Button>;
}
