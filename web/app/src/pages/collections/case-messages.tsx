import { Alert, Anchor, Badge, Paper, Skeleton, Table, Text, Title } from '@mantine/core';
import { api, type ListPage, withQuery } from '@shared/api.ts';
import { formatDateTime } from '@shared/format.ts';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useSession } from '../../session.tsx';
import { appHref, type CaseDetail, type Message } from './types.ts';

const STATUS_COLORS: Record<string, string> = { sent: 'teal', queued: 'blue', failed: 'red' };

/** Follow-ups the ladder assigned to people (call the client, visit). */
export function CaseTasks({ kase }: { kase: CaseDetail }) {
  const { t, i18n } = useTranslation('app-dashboard');
  const { business } = useSession();
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={3} size="h4" mb="sm">
        {t('collections.tasks_title')}
      </Title>
      <Table.ScrollContainer minWidth={560}>
        <Table verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('collections.column.assignee')}</Table.Th>
              <Table.Th>{t('collections.column.note')}</Table.Th>
              <Table.Th>{t('collections.column.created')}</Table.Th>
              <Table.Th>{t('collections.column.status')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {kase.tasks.map((task) => (
              <Table.Tr key={task.id}>
                <Table.Td>{task.assignee_email}</Table.Td>
                <Table.Td>{task.note ?? '—'}</Table.Td>
                <Table.Td>{formatDateTime(task.created, i18n.language, business.timezone)}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={task.status === 'open' ? 'indigo' : 'gray'} autoContrast>
                    {t(`collections.task_status.${task.status === 'open' ? 'open' : 'done'}`)}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

/** Everything sent to the client about this debt (newest first), from the messaging log. */
export function CaseMessages({ kase }: { kase: CaseDetail }) {
  const { t, i18n } = useTranslation('app-dashboard');
  const { business } = useSession();
  const query = useQuery({
    queryKey: ['collections', 'messages', kase.customer],
    queryFn: () => api<ListPage<Message>>(withQuery('/v1/messages', { customer: kase.customer, limit: 50 })),
  });
  const numbers = new Map(kase.invoices.map((i) => [i.id, i.number ?? i.id]));
  const messages = query.data?.data ?? [];
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={3} size="h4" mb="sm">
        {t('collections.messages_title')}
      </Title>
      {query.isPending && <Skeleton h={120} />}
      {query.isError && (
        <Alert color="red" title={t('collections.messages_error')}>
          {query.error.message}
        </Alert>
      )}
      {query.data && messages.length === 0 && <Text c="dimmed">{t('collections.messages_empty')}</Text>}
      {messages.length > 0 && (
        <Table.ScrollContainer minWidth={680}>
          <Table verticalSpacing="xs" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('collections.column.date')}</Table.Th>
                <Table.Th>{t('collections.column.channel')}</Table.Th>
                <Table.Th>{t('collections.column.message')}</Table.Th>
                <Table.Th>{t('collections.column.invoice')}</Table.Th>
                <Table.Th>{t('collections.column.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {messages.map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(m.sent_at ?? m.created, i18n.language, business.timezone)}</Table.Td>
                  <Table.Td>{t(`collections.channel.${m.channel}`, { defaultValue: m.channel })}</Table.Td>
                  <Table.Td>
                    <Text size="sm" lineClamp={1}>
                      {m.subject ?? m.template}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {m.recipient}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {m.invoice ? (
                      <Anchor component={Link} href={appHref(`/invoices/${m.invoice}`)} size="sm" ff="monospace">
                        {numbers.get(m.invoice) ?? m.invoice}
                      </Anchor>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={STATUS_COLORS[m.status] ?? 'gray'} autoContrast>
                      {t(`collections.message_status.${m.status}`, { defaultValue: m.status })}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
