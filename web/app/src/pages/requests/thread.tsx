import { Anchor, Button, Group, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { api } from '@shared/api.ts';
import { formatDateTime } from '@shared/format.ts';
import { IconArrowDownLeft, IconArrowUpRight, IconPaperclip, IconSend } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../session.tsx';
import { ErrorAlert } from '../customers/shared/list.tsx';
import { ChannelIcon } from './common.tsx';
import { NS, REQUESTS_KEY, type RequestDetail, type RequestMessage } from './types.ts';

function fileSize(bytes: number, locale: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return new Intl.NumberFormat(locale, { style: 'unit', unit: units[unit], unitDisplay: 'short', maximumFractionDigits: 1 }).format(value);
}

function MessageCard({ message }: { message: RequestMessage }) {
  const { t, i18n } = useTranslation(NS);
  const { business } = useSession();
  const incoming = message.direction === 'in';
  return (
    <Paper
      withBorder
      radius="md"
      p="sm"
      component="article"
      aria-label={t(incoming ? 'thread.incoming' : 'thread.outgoing')}
      data-testid="request-message"
      ml={incoming ? 0 : 'xl'}
      mr={incoming ? 'xl' : 0}
      bg={incoming ? undefined : 'teal.0'}
    >
      <Group justify="space-between" gap="xs" wrap="wrap" mb={4}>
        <Group gap={6} wrap="nowrap">
          {incoming ? <IconArrowDownLeft size={16} aria-hidden /> : <IconArrowUpRight size={16} aria-hidden />}
          <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
            {message.from ?? t(incoming ? 'thread.incoming' : 'thread.outgoing')}
          </Text>
          <ChannelIcon channel={message.channel} />
        </Group>
        <Text size="xs" c="dimmed">
          {formatDateTime(message.received_at, i18n.language, business.timezone)}
        </Text>
      </Group>
      {message.subject && (
        <Text size="sm" fw={500} mb={4}>
          {message.subject}
        </Text>
      )}
      <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {message.text}
      </Text>
      {message.attachments.length > 0 && (
        <Stack gap={2} mt="xs">
          {message.attachments.map((a) => (
            <Anchor key={a.id} href={a.url} download={a.filename} size="sm">
              <Group gap={4} wrap="nowrap">
                <IconPaperclip size={14} aria-hidden />
                <span style={{ overflowWrap: 'anywhere' }}>{a.filename}</span>
                <Text span size="xs" c="dimmed">
                  ({fileSize(a.size, i18n.language)})
                </Text>
              </Group>
            </Anchor>
          ))}
        </Stack>
      )}
    </Paper>
  );
}

/** The conversation, oldest first, and a reply box when the client can be answered. */
export function Thread({ request, canReply }: { request: RequestDetail; canReply: boolean }) {
  const { t } = useTranslation(NS);
  return (
    <Stack gap="sm">
      <Title order={3} size="h4">
        {t('thread.title')}
      </Title>
      {request.messages.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('thread.empty')}
        </Text>
      ) : (
        request.messages.map((m) => <MessageCard key={m.id} message={m} />)
      )}
      {canReply && <ReplyBox requestId={request.id} />}
    </Stack>
  );
}

function ReplyBox({ requestId }: { requestId: string }) {
  const { t } = useTranslation(NS);
  const client = useQueryClient();
  const [text, setText] = useState('');
  const reply = useMutation({
    mutationFn: (body: { text: string }) => api(`/v1/requests/${requestId}/reply`, { body }),
    onSuccess: () => {
      setText('');
      notifications.show({ color: 'teal', message: t('thread.sent') });
      void client.invalidateQueries({ queryKey: REQUESTS_KEY });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim()) reply.mutate({ text: text.trim() });
  };
  return (
    <form onSubmit={submit} aria-label={t('thread.reply_label')}>
      <Stack gap="xs">
        <ErrorAlert error={reply.error} />
        <Textarea label={t('thread.reply_label')} autosize minRows={3} maxRows={10} value={text} onChange={(e) => setText(e.currentTarget.value)} />
        <Group justify="flex-end">
          <Button type="submit" leftSection={<IconSend size={16} />} loading={reply.isPending} disabled={!text.trim()}>
            {t('thread.send')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
