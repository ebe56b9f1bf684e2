import { Button, Menu, Text, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { api } from '@shared/api.ts';
import { IconBuildingStore, IconCheck, IconChevronDown, IconLogout, IconShieldLock, IconUserCircle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../session.tsx';
import { MfaModal } from './mfa-modal.tsx';

/** The header's account menu: who is signed in, other businesses to switch to, two-factor settings, sign out. */
export function AccountMenu() {
  const { t } = useTranslation('app-auth');
  const session = useSession();
  const queryClient = useQueryClient();
  const [mfaOpened, mfa] = useDisclosure(false);

  const switchBusiness = useMutation({
    mutationFn: (businessId: string) => api('/auth/switch_business', { body: { business_id: businessId } }),
    // Everything cached belongs to the previous business: start over at the dashboard of the new one.
    onSuccess: () => window.location.assign('/app/'),
    onError: (error) => notifications.show({ color: 'red', title: t('account.switch_failed'), message: error.message }),
  });
  const signOut = useMutation({
    mutationFn: () => api('/auth/sign_out', { method: 'POST' }),
    onSuccess: () => {
      queryClient.clear();
      window.location.assign('/app/');
    },
    onError: (error) => notifications.show({ color: 'red', title: t('account.sign_out_failed'), message: error.message }),
  });

  return (
    <>
      <Menu position="bottom-end" width={260} withinPortal>
        <Menu.Target>
          <Button
            variant="subtle"
            color="gray"
            px="xs"
            leftSection={<IconUserCircle size={22} aria-hidden />}
            rightSection={<IconChevronDown size={14} aria-hidden />}
          >
            <Text size="sm" truncate maw={160} visibleFrom="sm">
              {session.user.email}
            </Text>
            {/* Phones show only the icon: name the button for screen readers there. */}
            <VisuallyHidden hiddenFrom="sm">{t('account.menu', { email: session.user.email })}</VisuallyHidden>
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{t('account.signed_in_as')}</Menu.Label>
          <Menu.Item disabled>
            <Text size="sm" fw={500} truncate>
              {session.user.name ?? session.user.email}
            </Text>
            <Text size="xs" c="gray.7" truncate>
              {session.user.email} · {t(`roles.${session.role}`)}
            </Text>
          </Menu.Item>
          {session.businesses.length > 1 && (
            <>
              <Menu.Divider />
              <Menu.Label>{t('account.businesses')}</Menu.Label>
              {session.businesses.map((business) => (
                <Menu.Item
                  key={business.id}
                  leftSection={<IconBuildingStore size={16} />}
                  rightSection={business.id === session.business.id ? <IconCheck size={16} aria-label={t('account.current')} /> : null}
                  onClick={() => business.id !== session.business.id && switchBusiness.mutate(business.id)}
                >
                  <Text size="sm" truncate>
                    {business.name}
                  </Text>
                  <Text size="xs" c="gray.7">
                    {t(`roles.${business.role}`)}
                  </Text>
                </Menu.Item>
              ))}
            </>
          )}
          <Menu.Divider />
          <Menu.Item leftSection={<IconShieldLock size={16} />} onClick={mfa.open}>
            {t('account.two_factor')}
          </Menu.Item>
          <Menu.Item leftSection={<IconLogout size={16} />} color="red" onClick={() => signOut.mutate()}>
            {t('account.sign_out')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <MfaModal opened={mfaOpened} onClose={mfa.close} />
    </>
  );
}
