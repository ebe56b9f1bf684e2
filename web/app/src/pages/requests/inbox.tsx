import { Anchor, Group, Select, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useSearch } from 'wouter';
import { EmptyState, ListTable, useCursorList } from '../customers/shared/list.tsx';
import { Age, ChannelIcon, KindText } from './common.tsx';
import { CHANNELS, type IntakeRequest, NS, senderLabel } from './types.ts';

/** Each tab is one server query: whose requests, in which states. */
const TABS = {
  mine: { assignee: 'me', state: 'open' },
  unassigned: { assignee: 'none', state: 'open' },
  open: { state: 'open' },
  review: { state: 'review' },
  done: { state: 'done' },
} as const;
type Tab = keyof typeof TABS;
const isTab = (value: string | null): value is Tab => value !== null && value in TABS;

/** The requests inbox (`/app/requests`): tabs by owner and state, filtered by channel. */
export function RequestInbox() {
  const { t } = useTranslation(NS);
  const [, navigate] = useLocation();
  const params = new URLSearchParams(useSearch());
  const tabParam = params.get('tab');
  const tab: Tab = isTab(tabParam) ? tabParam : 'mine';
  const channel = params.get('channel');
  const go = (next: { tab?: Tab; channel?: string | null }) => {
    const query = new URLSearchParams();
    query.set('tab', next.tab ?? tab);
    const c = next.channel === undefined ? channel : next.channel;
    if (c) query.set('channel', c);
    navigate(`/?${query}`, { replace: true });
  };
  const list = useCursorList<IntakeRequest>(['requests', 'list', tab], '/v1/requests', { ...TABS[tab], channel });
  const review = tab === 'review';

  return (
    <Stack gap="md">
      <Title order={2}>{t('inbox.title')}</Title>
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Tabs value={tab} onChange={(value) => isTab(value) && go({ tab: value })} style={{ maxWidth: '100%' }}>
          <Tabs.List style={{ flexWrap: 'nowrap', overflowX: 'auto' }}>
            {(Object.keys(TABS) as Tab[]).map((key) => (
              <Tabs.Tab key={key} value={key}>
                {t(`inbox.tabs.${key}`)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Tabs>
        <Select
          label={t('inbox.channel_filter')}
          data={[{ value: '', label: t('inbox.all_channels') }, ...CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))]}
          value={channel ?? ''}
          onChange={(value) => go({ channel: value || null })}
          allowDeselect={false}
          w={200}
        />
      </Group>
      <ListTable
        list={list}
        label={t(`inbox.tabs.${tab}`)}
        minWidth={760}
        head={[
          review ? t('inbox.column.sender') : t('inbox.column.client'),
          t('inbox.column.channel'),
          t('inbox.column.kind'),
          t('inbox.column.subject'),
          t('inbox.column.assignee'),
          t('inbox.column.age'),
        ]}
        empty={<EmptyState title={t(`inbox.empty.${tab}`)} />}
      >
        {list.items.map((request) => (
          <Table.Tr key={request.id} data-testid="request-row" style={{ cursor: 'pointer' }} onClick={() => navigate(`/${request.id}`)}>
            <Table.Td>
              <Anchor component={Link} href={`/${request.id}`} fw={500} onClick={(event: React.MouseEvent) => event.stopPropagation()}>
                {review ? (request.sender.name ?? request.sender.email ?? senderLabel(request)) : senderLabel(request)}
              </Anchor>
              {review && request.sender.email && request.sender.name && (
                <Text size="xs" c="dimmed">
                  {request.sender.email}
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              <ChannelIcon channel={request.channel} />
            </Table.Td>
            <Table.Td>
              <Text size="sm">
                <KindText kind={request.kind} />
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm" lineClamp={1}>
                {request.subject ?? '—'}
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm">{request.assignee_name ?? t('inbox.nobody')}</Text>
            </Table.Td>
            <Table.Td>
              <Age unix={request.created} />
            </Table.Td>
          </Table.Tr>
        ))}
      </ListTable>
    </Stack>
  );
}
