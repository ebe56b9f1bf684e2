import {
  ActionIcon,
  Badge,
  Button,
  Grid,
  Group,
  Modal,
  NumberInput,
  PasswordInput,
  Switch,
  Table,
  Text,
  TextInput,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { api, type ListPage } from '@shared/api.ts';
import { formatDateTime } from '@shared/format.ts';
import { IconPlugConnected, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../session.tsx';
import { ErrorAlert, SaveRow, Section, SectionSkeleton, useFieldErrors } from './common.tsx';
import { ConfirmModal, EmptyState } from './list-tools.tsx';

const NS = 'app-requests';

type Mailbox = {
  id: string;
  host: string;
  port: number;
  secure: boolean;
  username: string;
  folder: string;
  last_polled_at: number | null;
  last_error: string | null;
};

const MAILBOXES_KEY = ['settings', 'intake', 'mailboxes'] as const;

/** The IMAP mailboxes whose mail becomes requests. Passwords go in and never come back. */
export function MailboxSettings({ canEdit }: { canEdit: boolean }) {
  const { t, i18n } = useTranslation(NS);
  const { business } = useSession();
  const client = useQueryClient();
  const [adding, add] = useDisclosure(false);
  const [removing, setRemoving] = useState<Mailbox | null>(null);
  const list = useQuery({ queryKey: MAILBOXES_KEY, queryFn: () => api<ListPage<Mailbox>>('/v1/intake/mailboxes') });
  const remove = useMutation({
    mutationFn: (id: string) => api(`/v1/intake/mailboxes/${id}/delete`, { method: 'POST', body: {} }),
    onSuccess: () => {
      setRemoving(null);
      void client.invalidateQueries({ queryKey: MAILBOXES_KEY });
    },
  });
  const test = useMutation({
    mutationFn: (id: string) => api<{ ok: boolean; error?: string | null }>(`/v1/intake/mailboxes/${id}/test`, { method: 'POST', body: {} }),
    onSuccess: (result) =>
      notifications.show(
        result.ok ? { color: 'teal', message: t('mailboxes.test_ok') } : { color: 'red', title: t('mailboxes.test_failed'), message: result.error ?? '' },
      ),
    onError: (error) => notifications.show({ color: 'red', title: t('mailboxes.test_failed'), message: error.message }),
  });
  const mailboxes = list.data?.data ?? [];
  return (
    <Section
      title={t('mailboxes.title')}
      description={t('mailboxes.description')}
      actions={
        canEdit && (
          <Button variant="default" leftSection={<IconPlus size={16} />} onClick={add.open}>
            {t('mailboxes.add')}
          </Button>
        )
      }
    >
      {list.isPending ? (
        <SectionSkeleton />
      ) : list.isError ? (
        <ErrorAlert error={list.error} />
      ) : mailboxes.length === 0 ? (
        <EmptyState title={t('mailboxes.empty')} />
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="sm" aria-label={t('mailboxes.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('mailboxes.account')}</Table.Th>
                <Table.Th>{t('mailboxes.folder')}</Table.Th>
                <Table.Th>{t('mailboxes.status')}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t('mailboxes.actions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {mailboxes.map((m) => (
                <Table.Tr key={m.id} data-testid="mailbox-row">
                  <Table.Td>
                    <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                      {m.username}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {m.host}:{m.port}
                    </Text>
                  </Table.Td>
                  <Table.Td>{m.folder}</Table.Td>
                  <Table.Td>
                    {m.last_error ? (
                      <Badge color="red" variant="light" title={m.last_error} autoContrast>
                        {t('mailboxes.failing')}
                      </Badge>
                    ) : m.last_polled_at ? (
                      <Text size="xs">{t('mailboxes.polled', { when: formatDateTime(m.last_polled_at, i18n.language, business.timezone) })}</Text>
                    ) : (
                      <Text size="xs" c="dimmed">
                        {t('mailboxes.not_polled')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {canEdit && (
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        <Tooltip label={t('mailboxes.test')} withArrow>
                          <ActionIcon
                            variant="subtle"
                            color="gray"
                            loading={test.isPending && test.variables === m.id}
                            onClick={() => test.mutate(m.id)}
                            aria-label={t('mailboxes.test_named', { account: m.username })}
                          >
                            <IconPlugConnected size={16} />
                          </ActionIcon>
                        </Tooltip>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          onClick={() => setRemoving(m)}
                          aria-label={t('mailboxes.remove_named', { account: m.username })}
                        >
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <AddMailboxModal opened={adding} onClose={add.close} />
      <ConfirmModal
        opened={removing !== null}
        title={t('mailboxes.remove_title')}
        body={t('mailboxes.remove_body', { account: removing?.username ?? '' })}
        confirm={t('mailboxes.remove')}
        loading={remove.isPending}
        onConfirm={() => removing && remove.mutate(removing.id)}
        onClose={() => setRemoving(null)}
      />
    </Section>
  );
}

function AddMailboxModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation(NS);
  const client = useQueryClient();
  const errors = useFieldErrors();
  const [host, setHost] = useState('');
  const [port, setPort] = useState<string | number>(993);
  const [secure, setSecure] = useState(true);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [folder, setFolder] = useState('INBOX');
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => api<Mailbox>('/v1/intake/mailboxes', { body }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: MAILBOXES_KEY });
      setPassword('');
      onClose();
    },
    onError: errors.take,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    errors.clear();
    save.mutate({ host: host.trim(), port: Number(port), secure, username: username.trim(), password, folder: folder.trim() || 'INBOX' });
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('mailboxes.add_title')} centered size="lg">
      <form onSubmit={submit} noValidate>
        <ErrorAlert error={errors.general} />
        <Grid gap="md">
          <Grid.Col span={{ base: 12, sm: 8 }}>
            <TextInput
              label={t('mailboxes.host')}
              placeholder="imap.example.com"
              value={host}
              onChange={(e) => setHost(e.currentTarget.value)}
              error={errors.of('host')}
              required
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <NumberInput label={t('mailboxes.port')} min={1} max={65535} allowDecimal={false} value={port} onChange={setPort} error={errors.of('port')} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <TextInput
              label={t('mailboxes.username')}
              value={username}
              onChange={(e) => setUsername(e.currentTarget.value)}
              error={errors.of('username')}
              autoComplete="off"
              required
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <PasswordInput
              label={t('mailboxes.password')}
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={errors.of('password')}
              autoComplete="new-password"
              required
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <TextInput label={t('mailboxes.folder')} value={folder} onChange={(e) => setFolder(e.currentTarget.value)} error={errors.of('folder')} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <Switch mt={{ base: 0, sm: 30 }} label={t('mailboxes.secure')} checked={secure} onChange={(e) => setSecure(e.currentTarget.checked)} />
          </Grid.Col>
        </Grid>
        <SaveRow loading={save.isPending} label={t('mailboxes.add')} />
      </form>
    </Modal>
  );
}
