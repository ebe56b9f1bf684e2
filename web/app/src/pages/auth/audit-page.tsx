import { Alert, Badge, Button, Group, Select, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { api, type ListPage, withQuery } from '@shared/api.ts';
import { formatDateTime } from '@shared/format.ts';
import { IconAlertCircle, IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../session.tsx';
import { ScrollRegion } from './scroll-region.tsx';

type Entry = {
  id: string;
  actor: { type: 'user' | 'api_key'; id: string; email: string | null };
  action: string;
  target_id: string | null;
  status_code: number;
  ip: string | null;
  created: number;
};
type Member = { user_id: string; email: string };

const PAGE_SIZE = 25;
const SKELETON_ROWS = ['s1', 's2', 's3', 's4', 's5', 's6'];

/** Owner-only: who changed what, newest first, one page at a time, optionally one person's entries. */
export function AuditPage() {
  const { t, i18n } = useTranslation('app-auth');
  const session = useSession();
  const [actor, setActor] = useState<string | null>(null);
  // Cursors of the pages before the current one, so "Previous" can step back.
  const [cursors, setCursors] = useState<string[]>([]);
  const startingAfter = cursors.at(-1);
  const members = useQuery({ queryKey: ['staff'], queryFn: () => api<{ members: Member[] }>('/v1/staff') });
  const log = useQuery({
    queryKey: ['audit_log', actor, startingAfter],
    queryFn: () => api<ListPage<Entry>>(withQuery('/v1/audit_log', { limit: PAGE_SIZE, actor, starting_after: startingAfter })),
    placeholderData: keepPreviousData,
  });
  const actorOptions = (members.data?.members ?? []).map((m) => ({ value: m.user_id, label: m.email }));

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>{t('audit.title')}</Title>
          <Text size="sm" c="gray.7">
            {t('audit.description')}
          </Text>
        </div>
        <Select
          label={t('audit.filter_actor')}
          placeholder={t('audit.everyone')}
          data={actorOptions}
          value={actor}
          clearable
          searchable
          w={260}
          onChange={(value) => {
            setActor(value);
            setCursors([]);
          }}
        />
      </Group>

      {log.isError && (
        <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
          {log.error.message}
        </Alert>
      )}

      <ScrollRegion label={t('audit.title')}>
        <Table striped verticalSpacing="xs" miw={760}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('audit.when')}</Table.Th>
              <Table.Th>{t('audit.who')}</Table.Th>
              <Table.Th>{t('audit.action')}</Table.Th>
              <Table.Th>{t('audit.target')}</Table.Th>
              <Table.Th>{t('audit.from')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {log.isPending &&
              SKELETON_ROWS.map((row) => (
                <Table.Tr key={row}>
                  {[0, 1, 2, 3, 4].map((cell) => (
                    <Table.Td key={cell}>
                      <Skeleton h={14} />
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            {log.data?.data.map((entry) => (
              <Table.Tr key={entry.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(entry.created, i18n.language, session.business.timezone)}</Table.Td>
                <Table.Td>
                  {entry.actor.type === 'api_key' ? (
                    <Group gap={6} wrap="nowrap">
                      <Badge variant="light" color="grape" size="sm">
                        {t('audit.api_key')}
                      </Badge>
                      <Text size="sm" ff="monospace">
                        {entry.actor.id}…
                      </Text>
                    </Group>
                  ) : (
                    <Text size="sm">{entry.actor.email ?? entry.actor.id}</Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {entry.action}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" ff="monospace" c={entry.target_id ? undefined : 'dimmed'}>
                    {entry.target_id ?? '—'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c="gray.7">
                    {entry.ip ?? '—'}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollRegion>
      {log.data && log.data.data.length === 0 && (
        <Text c="gray.7" ta="center" py="lg">
          {t('audit.empty')}
        </Text>
      )}
      <Group justify="flex-end">
        <Button
          variant="default"
          leftSection={<IconChevronLeft size={16} />}
          disabled={cursors.length === 0}
          onClick={() => setCursors((list) => list.slice(0, -1))}
        >
          {t('common.previous')}
        </Button>
        <Button
          variant="default"
          rightSection={<IconChevronRight size={16} />}
          disabled={!log.data?.has_more}
          onClick={() => {
            const last = log.data?.data.at(-1);
            if (last) setCursors((list) => [...list, last.id]);
          }}
        >
          {t('common.next')}
        </Button>
      </Group>
    </Stack>
  );
}
