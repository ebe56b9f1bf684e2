import { Alert, Badge, Button, Code, CopyButton, Group, Modal, Stack, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { api, type ListPage, withQuery } from '@shared/api.ts';
import { formatDateTime } from '@shared/format.ts';
import { IconAlertTriangle, IconCheck, IconCopy, IconKey } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../session.tsx';
import { ErrorAlert, NS, notifySaved, Section, SectionSkeleton, useFieldErrors } from './common.tsx';
import { ConfirmModal, EmptyState, LoadMore, useCursorList } from './list-tools.tsx';

type ApiKey = { id: string; name: string | null; prefix: string; status: 'active' | 'revoked'; created: number; revoked_at: number | null };
type CreatedKey = ApiKey & { secret: string };

const KEYS = ['settings', 'api_keys'] as const;

export function ApiKeySettings() {
  const { t, i18n } = useTranslation(NS);
  const { business } = useSession();
  const client = useQueryClient();
  const list = useCursorList<ApiKey>(KEYS, (after) => api<ListPage<ApiKey>>(withQuery('/v1/api_keys', { limit: 20, starting_after: after })));
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const revoke = useMutation({
    mutationFn: (key: ApiKey) => api<ApiKey>(`/v1/api_keys/${key.id}/revoke`, { method: 'POST' }),
    onSuccess: (key) => {
      setRevoking(null);
      void client.invalidateQueries({ queryKey: KEYS });
      notifySaved(t('keys.revoked', { name: key.name ?? key.prefix }));
    },
  });
  return (
    <Section
      title={t('keys.title')}
      description={t('keys.description')}
      actions={
        <Button leftSection={<IconKey size={16} />} onClick={() => setCreating(true)}>
          {t('keys.create')}
        </Button>
      }
    >
      {list.isPending ? (
        <SectionSkeleton />
      ) : list.isError ? (
        <ErrorAlert error={list.error} />
      ) : list.items.length === 0 ? (
        <EmptyState title={t('keys.empty')} />
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="sm" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('keys.name')}</Table.Th>
                <Table.Th>{t('keys.key')}</Table.Th>
                <Table.Th>{t('keys.status')}</Table.Th>
                <Table.Th>{t('keys.created')}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.items.map((key) => (
                <Table.Tr key={key.id} data-testid="api-key-row">
                  <Table.Td>{key.name ?? t('keys.unnamed')}</Table.Td>
                  <Table.Td>
                    <Code>{key.prefix}…</Code>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={key.status === 'active' ? 'teal' : 'gray'} variant="light">
                      {t(`keys.status_${key.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{formatDateTime(key.created, i18n.language, business.timezone)}</Table.Td>
                  <Table.Td ta="right">
                    {key.status === 'active' && (
                      <Button
                        size="xs"
                        variant="subtle"
                        color="red"
                        onClick={() => setRevoking(key)}
                        aria-label={t('keys.revoke_label', { name: key.name ?? key.prefix })}
                      >
                        {t('keys.revoke')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore hasMore={!!list.hasNextPage} loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()} />
      <CreateKeyModal
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(key) => {
          setCreating(false);
          setCreated(key);
          void client.invalidateQueries({ queryKey: KEYS });
        }}
      />
      <ShowKeyOnce created={created} onClose={() => setCreated(null)} />
      <ConfirmModal
        opened={revoking !== null}
        title={t('keys.revoke_title')}
        body={
          <>
            {t('keys.revoke_body', { name: revoking?.name ?? revoking?.prefix ?? '' })}
            {revoke.error && (
              <Text component="span" display="block" mt="sm">
                <ErrorAlert error={revoke.error} />
              </Text>
            )}
          </>
        }
        confirm={t('keys.revoke')}
        loading={revoke.isPending}
        onConfirm={() => revoking && revoke.mutate(revoking)}
        onClose={() => {
          setRevoking(null);
          revoke.reset();
        }}
      />
    </Section>
  );
}

function CreateKeyModal({ opened, onClose, onCreated }: { opened: boolean; onClose: () => void; onCreated: (key: CreatedKey) => void }) {
  const { t } = useTranslation(NS);
  const errors = useFieldErrors();
  const [name, setName] = useState('');
  const create = useMutation({
    mutationFn: (body: { name: string }) => api<CreatedKey>('/v1/api_keys', { body }),
    onSuccess: (key) => {
      setName('');
      onCreated(key);
    },
    onError: errors.take,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    errors.clear();
    create.mutate({ name });
  };
  return (
    <Modal closeButtonProps={{ 'aria-label': t('common.close') }} opened={opened} onClose={onClose} title={t('keys.create')} centered>
      <form onSubmit={submit} noValidate>
        <ErrorAlert error={errors.general} />
        <TextInput
          label={t('keys.name')}
          description={t('keys.name_help')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errors.of('name')}
          data-autofocus
          required
        />
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={create.isPending}>
            {t('keys.create_submit')}
          </Button>
        </Group>
      </form>
    </Modal>
  );
}

/** The full key, this once: the server keeps only its hash. */
function ShowKeyOnce({ created, onClose }: { created: CreatedKey | null; onClose: () => void }) {
  const { t } = useTranslation(NS);
  return (
    <Modal
      closeButtonProps={{ 'aria-label': t('common.close') }}
      opened={created !== null}
      onClose={onClose}
      title={t('keys.created_title')}
      centered
      closeOnClickOutside={false}
    >
      {created && (
        <Stack gap="md">
          <Alert color="orange" icon={<IconAlertTriangle size={18} />}>
            {t('keys.once_warning')}
          </Alert>
          <Group gap="xs" wrap="nowrap" align="center">
            <Code block style={{ flex: 1, overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }} data-testid="new-api-key">
              {created.secret}
            </Code>
            <CopyButton value={created.secret}>
              {({ copied, copy }) => (
                <Button variant="light" onClick={copy} leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}>
                  {copied ? t('common.copied') : t('common.copy')}
                </Button>
              )}
            </CopyButton>
          </Group>
          <Group justify="flex-end">
            <Button onClick={onClose}>{t('keys.done')}</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
