import { Badge, Group, Text, Tooltip } from '@mantine/core';
import { api } from '@shared/api.ts';
import { IconBrandTelegram, IconForms, IconMail, IconUserEdit } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { CHANNELS, KINDS, NS, type RequestState } from './types.ts';

const CHANNEL_ICONS: Record<string, ComponentType<{ size?: number; 'aria-hidden'?: boolean }>> = {
  web_form: IconForms,
  email: IconMail,
  telegram: IconBrandTelegram,
  manual: IconUserEdit,
};

const known = (channel: string) => (CHANNELS as readonly string[]).includes(channel);

/** The channel as an icon with its name for screen readers and on hover. */
export function ChannelIcon({ channel, withLabel = false }: { channel: string; withLabel?: boolean }) {
  const { t } = useTranslation(NS);
  const Icon = CHANNEL_ICONS[channel] ?? IconForms;
  const label = known(channel) ? t(`channel.${channel}`) : channel;
  if (withLabel)
    return (
      <Group gap={6} wrap="nowrap">
        <Icon size={16} aria-hidden />
        <Text size="sm">{label}</Text>
      </Group>
    );
  return (
    <Tooltip label={label} withArrow>
      <span role="img" aria-label={label} style={{ display: 'inline-flex' }}>
        <Icon size={18} aria-hidden />
      </span>
    </Tooltip>
  );
}

const STATE_COLORS: Record<RequestState, string> = {
  review: 'orange',
  accepted: 'blue',
  spam: 'gray',
  new: 'indigo',
  assigned: 'blue',
  in_progress: 'violet',
  done: 'teal',
};

export function StateBadge({ state }: { state: RequestState }) {
  const { t } = useTranslation(NS);
  return (
    <Badge variant="light" color={STATE_COLORS[state] ?? 'gray'} autoContrast>
      {t(`state.${state}`)}
    </Badge>
  );
}

export function KindText({ kind }: { kind: string }) {
  const { t } = useTranslation(NS);
  return <>{(KINDS as readonly string[]).includes(kind) ? t(`kind.${kind}`) : kind}</>;
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
];

/** "5 minutes ago" in the reader's language; the exact time on hover. */
export function Age({ unix }: { unix: number }) {
  const { i18n } = useTranslation(NS);
  const seconds = Math.max(0, Math.round(Date.now() / 1000 - unix));
  const format = new Intl.RelativeTimeFormat(i18n.language, { numeric: 'auto' });
  const [unit, size] = UNITS.find(([, s]) => seconds >= s) ?? ['second', 1];
  const exact = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(unix * 1000));
  return (
    <Text size="sm" component="time" dateTime={new Date(unix * 1000).toISOString()} title={exact} style={{ whiteSpace: 'nowrap' }}>
      {format.format(-Math.floor(seconds / size), unit)}
    </Text>
  );
}

export type StaffMember = { user_id: string; name: string | null; email: string };

/** The business's staff, for the assignee picker and the routing settings. */
export function useStaff() {
  return useQuery({
    queryKey: ['requests', 'staff'],
    queryFn: async () => (await api<{ data: StaffMember[] }>('/v1/staff/directory')).data,
    staleTime: 60_000,
  });
}

export const staffLabel = (m: StaffMember) => (m.name ? `${m.name} · ${m.email}` : m.email);
