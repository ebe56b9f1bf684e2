import { Badge, Modal, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { api, type ListPage, withQuery } from '@shared/api.ts';
import { formatDateTime } from '@shared/format.ts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../session.tsx';
import { ErrorAlert, NS, Section, SectionSkeleton } from './common.tsx';
import { EmptyState, LoadMore, useCursorList } from './list-tools.tsx';

type Message = {
  id: string;
  recipient: string | null;
  subject: string | null;
  text: string | null;
  template: string;
  status: string;
  created: number;
  sent_at: number | null;
};

/** The embedded demo keeps email here instead of sending it, until SMTP is configured. */
export function MailboxPage() {
  const { t, i18n } = useTranslation(NS);
  const { business } = useSession();
  const list = useCursorList<Message>(['settings', 'mailbox'], (after) =>
    api<ListPage<Message>>(withQuery('/v1/mailbox', { limit: 25, starting_after: after })),
  );
  const [open, setOpen] = useState<Message | null>(null);
  return (
    <Section title={t('mailbox.title')} description={t('mailbox.description')}>
      {list.isPending ? (
        <SectionSkeleton />
      ) : list.isError ? (
        <ErrorAlert error={list.error} />
      ) : list.items.length === 0 ? (
        <EmptyState title={t('mailbox.empty')} />
      ) : (
        <Table.ScrollContainer minWidth={520}>
          <Table verticalSpacing="sm" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('mailbox.to')}</Table.Th>
                <Table.Th>{t('mailbox.subject')}</Table.Th>
                <Table.Th>{t('mailbox.when')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.items.map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td>
                    <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                      {m.recipient ?? '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <UnstyledButton onClick={() => setOpen(m)} c="teal.9" fw={500} fz="sm" style={{ textAlign: 'left' }}>
                      {m.subject || t('mailbox.no_subject')}
                    </UnstyledButton>
                  </Table.Td>
                  <Table.Td>{formatDateTime(m.sent_at ?? m.created, i18n.language, business.timezone)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore hasMore={!!list.hasNextPage} loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()} />
      <Modal
        closeButtonProps={{ 'aria-label': t('common.close') }}
        opened={open !== null}
        onClose={() => setOpen(null)}
        title={open?.subject || t('mailbox.no_subject')}
        size="lg"
        centered
      >
        {open && (
          <Stack gap="sm">
            <Text size="sm" c="dimmed">
              {t('mailbox.to_line', { recipient: open.recipient ?? '—', when: formatDateTime(open.sent_at ?? open.created, i18n.language, business.timezone) })}
            </Text>
            <Badge variant="light" color="gray" w="fit-content">
              {open.template}
            </Badge>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="mail-body">
              {open.text ?? ''}
            </Text>
          </Stack>
        )}
      </Modal>
    </Section>
  );
}
