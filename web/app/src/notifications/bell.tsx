import { ActionIcon, Box, Button, Divider, Group, Indicator, Popover, ScrollArea, Stack, Switch, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { api, withQuery } from '@shared/api.ts';
import { formatDateTime } from '@shared/format.ts';
import { IconBell } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import { NS } from '../pages/requests/types.ts';
import { useSession } from '../session.tsx';
import { kindKey, NOTIFICATIONS_KEY, useLiveNotifications } from './live.tsx';
import { playChime, useSoundPreference } from './sound.ts';

type StaffNotification = { id: string; kind: string; request_id: string | null; title: string; read: boolean; created: number };
type NotificationList = { object: 'list'; data: StaffNotification[]; has_more: boolean; unread_count: number };

const LIST_SIZE = 20;

/** The header's bell: unread count, the latest notifications, and the sound switch. Also keeps the live stream open. */
export function NotificationBell() {
  const { t } = useTranslation(NS);
  const [sound, setSound] = useSoundPreference();
  const [opened, { toggle, close }] = useDisclosure(false);
  useLiveNotifications(sound);
  const list = useQuery({
    queryKey: NOTIFICATIONS_KEY,
    queryFn: () => api<NotificationList>(withQuery('/v1/notifications', { limit: LIST_SIZE })),
    staleTime: 30_000,
  });
  const unread = list.data?.unread_count ?? 0;
  return (
    <Popover opened={opened} onChange={(o) => !o && close()} position="bottom-end" width={340} shadow="md" withinPortal trapFocus>
      <Popover.Target>
        <ActionIcon variant="subtle" color="gray" size="md" onClick={toggle} aria-label={t('notifications.bell', { count: unread })}>
          <Indicator label={unread > 99 ? '99+' : unread} size={16} disabled={unread === 0} color="red" offset={2}>
            <IconBell size={20} aria-hidden />
          </Indicator>
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown p={0} aria-label={t('notifications.title')}>
        <NotificationPanel list={list.data} loading={list.isPending} onNavigate={close} />
        <Divider />
        <Box p="sm">
          <Switch
            label={t('notifications.sound')}
            checked={sound}
            onChange={(event) => {
              const on = event.currentTarget.checked;
              setSound(on);
              if (on) playChime();
            }}
          />
        </Box>
      </Popover.Dropdown>
    </Popover>
  );
}

function NotificationPanel({ list, loading, onNavigate }: { list?: NotificationList; loading: boolean; onNavigate: () => void }) {
  const { t, i18n } = useTranslation(NS);
  const { business } = useSession();
  const client = useQueryClient();
  const [, navigate] = useLocation();
  const markRead = useMutation({
    mutationFn: (body: { ids: string[] } | { all: true }) => api('/v1/notifications/read', { body }),
    onSettled: () => void client.invalidateQueries({ queryKey: NOTIFICATIONS_KEY }),
  });
  const items = list?.data ?? [];
  const open = (n: StaffNotification) => {
    if (!n.read) markRead.mutate({ ids: [n.id] });
    if (n.request_id) navigate(`/requests/${n.request_id}`);
    onNavigate();
  };
  return (
    <>
      <Group justify="space-between" p="sm" wrap="nowrap">
        <Text fw={600}>{t('notifications.title')}</Text>
        <Button variant="subtle" size="compact-sm" disabled={(list?.unread_count ?? 0) === 0} onClick={() => markRead.mutate({ all: true })}>
          {t('notifications.mark_all')}
        </Button>
      </Group>
      <Divider />
      <ScrollArea.Autosize mah={360}>
        {items.length === 0 ? (
          <Text size="sm" c="dimmed" p="sm">
            {loading ? '…' : t('notifications.empty')}
          </Text>
        ) : (
          <Stack gap={0} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {items.map((n) => (
              <li key={n.id}>
                <UnstyledButton onClick={() => open(n)} p="sm" w="100%" data-testid="notification-item" data-unread={!n.read || undefined}>
                  <Group gap="xs" wrap="nowrap" align="flex-start">
                    <Box
                      mt={6}
                      w={8}
                      h={8}
                      style={{ borderRadius: 4, flex: 'none', background: n.read ? 'transparent' : 'var(--mantine-color-teal-filled)' }}
                      aria-hidden
                    />
                    <div style={{ minWidth: 0 }}>
                      <Text size="sm" fw={n.read ? 400 : 600} style={{ overflowWrap: 'anywhere' }}>
                        {n.title}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {t(kindKey(n.kind))} · {formatDateTime(n.created, i18n.language, business.timezone)}
                        {!n.read && ` · ${t('notifications.unread')}`}
                      </Text>
                    </div>
                  </Group>
                </UnstyledButton>
              </li>
            ))}
          </Stack>
        )}
      </ScrollArea.Autosize>
    </>
  );
}
