import { ActionIcon, Alert, Badge, Button, Code, CopyButton, Group, Modal, MultiSelect, Stack, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { api, type ListPage, withQuery } from '@shared/api.ts';
import { formatDateTime } from '@shared/format.ts';
import { IconAlertTriangle, IconCheck, IconChevronLeft, IconCopy, IconPlus, IconRefresh, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Route, Switch, useParams } from 'wouter';
import { EVENT_TYPES } from '../../../../../src/modules/webhooks/domain/event-types.ts';
import { useSession } from '../../session.tsx';
import { ErrorAlert, NS, notifySaved, Section, SectionSkeleton, useFieldErrors } from './common.tsx';
import { ConfirmModal, EmptyState, LoadMore, useCursorList } from './list-tools.tsx';

type Endpoint = {
  id: string;
  url: string;
  description: string | null;
  enabled_events: string[];
  status: 'enabled' | 'disabled';
  created: number;
  secret?: string;
};
type Delivery = {
  id: string;
  event: string;
  event_type: string;
  status: 'pending' | 'delivered' | 'failed' | 'canceled';
  attempts: number;
  last_response_status: number | null;
  last_error: string | null;
  created: number;
};

const ENDPOINTS = ['settings', 'webhook_endpoints'] as const;
const STATUS_COLOR: Record<Delivery['status'], string> = { pending: 'yellow', delivered: 'teal', failed: 'red', canceled: 'gray' };

export function WebhookSettings() {
  return (
    <Switch>
      <Route path="/:id">{() => <EndpointDetail />}</Route>
      <Route>
        <EndpointList />
      </Route>
    </Switch>
  );
}

function EndpointList() {
  const { t } = useTranslation(NS);
  const client = useQueryClient();
  const list = useCursorList<Endpoint>(ENDPOINTS, (after) => api<ListPage<Endpoint>>(withQuery('/v1/webhook_endpoints', { limit: 20, starting_after: after })));
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<Endpoint | null>(null);
  const [deleting, setDeleting] = useState<Endpoint | null>(null);
  const remove = useMutation({
    mutationFn: (e: Endpoint) => api<unknown>(`/v1/webhook_endpoints/${e.id}`, { method: 'DELETE' }),
    onSuccess: () => {
      setDeleting(null);
      void client.invalidateQueries({ queryKey: ENDPOINTS });
      notifySaved(t('webhooks.deleted'));
    },
  });
  return (
    <Section
      title={t('webhooks.title')}
      description={t('webhooks.description')}
      actions={
        <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
          {t('webhooks.add')}
        </Button>
      }
    >
      {list.isPending ? (
        <SectionSkeleton />
      ) : list.isError ? (
        <ErrorAlert error={list.error} />
      ) : list.items.length === 0 ? (
        <EmptyState title={t('webhooks.empty')}>
          <Text size="sm" c="dimmed" ta="center">
            {t('webhooks.empty_help')}
          </Text>
        </EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="sm" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('webhooks.url')}</Table.Th>
                <Table.Th>{t('webhooks.events')}</Table.Th>
                <Table.Th>{t('webhooks.status')}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.items.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td style={{ maxWidth: 320 }}>
                    <Text component={Link} href={`/${e.id}`} size="sm" c="teal.9" fw={500} style={{ overflowWrap: 'anywhere' }}>
                      {e.url}
                    </Text>
                    {e.description && (
                      <Text size="xs" c="dimmed">
                        {e.description}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {e.enabled_events.includes('*') ? t('webhooks.all_events') : t('webhooks.event_count', { count: e.enabled_events.length })}
                  </Table.Td>
                  <Table.Td>
                    <Badge color={e.status === 'enabled' ? 'teal' : 'gray'} variant="light">
                      {t(`webhooks.status_${e.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="right">
                    <ActionIcon variant="subtle" color="red" onClick={() => setDeleting(e)} aria-label={t('webhooks.delete_label', { url: e.url })}>
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore hasMore={!!list.hasNextPage} loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()} />
      <CreateEndpointModal
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(e) => {
          setCreating(false);
          setCreated(e);
          void client.invalidateQueries({ queryKey: ENDPOINTS });
        }}
      />
      <Modal
        closeButtonProps={{ 'aria-label': t('common.close') }}
        opened={created !== null}
        onClose={() => setCreated(null)}
        title={t('webhooks.secret_title')}
        centered
        closeOnClickOutside={false}
      >
        {created?.secret && (
          <Stack gap="md">
            <Alert color="orange" icon={<IconAlertTriangle size={18} />}>
              {t('webhooks.secret_warning')}
            </Alert>
            <Group gap="xs" wrap="nowrap">
              <Code block style={{ flex: 1, overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
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
              <Button onClick={() => setCreated(null)}>{t('keys.done')}</Button>
            </Group>
          </Stack>
        )}
      </Modal>
      <ConfirmModal
        opened={deleting !== null}
        title={t('webhooks.delete_title')}
        body={t('webhooks.delete_body', { url: deleting?.url ?? '' })}
        confirm={t('webhooks.delete')}
        loading={remove.isPending}
        onConfirm={() => deleting && remove.mutate(deleting)}
        onClose={() => setDeleting(null)}
      />
    </Section>
  );
}

function CreateEndpointModal({ opened, onClose, onCreated }: { opened: boolean; onClose: () => void; onCreated: (e: Endpoint) => void }) {
  const { t } = useTranslation(NS);
  const errors = useFieldErrors();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<string[]>(['*']);
  const create = useMutation({
    mutationFn: (body: unknown) => api<Endpoint>('/v1/webhook_endpoints', { body }),
    onSuccess: (e) => {
      setUrl('');
      setDescription('');
      setEvents(['*']);
      onCreated(e);
    },
    onError: errors.take,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    errors.clear();
    create.mutate({ url: url.trim(), enabled_events: events, description: description.trim() || null });
  };
  return (
    <Modal closeButtonProps={{ 'aria-label': t('common.close') }} opened={opened} onClose={onClose} title={t('webhooks.add')} centered size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <ErrorAlert error={errors.general} />
          <TextInput
            label={t('webhooks.url')}
            placeholder="https://example.com/duly/webhooks"
            value={url}
            onChange={(e) => setUrl(e.currentTarget.value)}
            error={errors.of('url')}
            required
            data-autofocus
          />
          <TextInput
            label={t('webhooks.description_label')}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            error={errors.of('description')}
          />
          <MultiSelect
            label={t('webhooks.events')}
            description={t('webhooks.events_help')}
            data={[{ value: '*', label: t('webhooks.all_events') }, ...EVENT_TYPES.map((e) => ({ value: e, label: e }))]}
            value={events}
            onChange={(v) => setEvents(v.includes('*') && !events.includes('*') ? ['*'] : v.filter((e) => e !== '*' || v.length === 1))}
            searchable
            error={errors.fields.enabled_events ?? Object.entries(errors.fields).find(([k]) => k.startsWith('enabled_events'))?.[1]}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t('webhooks.add_submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function EndpointDetail() {
  const { t, i18n } = useTranslation(NS);
  const { id } = useParams<{ id: string }>();
  const { business } = useSession();
  const client = useQueryClient();
  const endpoint = useQuery({ queryKey: [...ENDPOINTS, id], queryFn: () => api<Endpoint>(`/v1/webhook_endpoints/${id}`) });
  const deliveriesKey = [...ENDPOINTS, id, 'deliveries'];
  const deliveries = useCursorList<Delivery>(deliveriesKey, (after) =>
    api<ListPage<Delivery>>(withQuery(`/v1/webhook_endpoints/${id}/deliveries`, { limit: 20, starting_after: after })),
  );
  const replay = useMutation({
    mutationFn: (d: Delivery) => api<Delivery>(`/v1/webhook_deliveries/${d.id}/replay`, { method: 'POST' }),
    onSuccess: (d) => {
      void client.invalidateQueries({ queryKey: deliveriesKey });
      notifySaved(t('webhooks.replayed', { status: t(`webhooks.delivery_${d.status}`) }));
    },
  });
  return (
    <Stack gap="md">
      <Button component={Link} href="/" variant="subtle" leftSection={<IconChevronLeft size={16} />} w="fit-content" px={4}>
        {t('webhooks.back')}
      </Button>
      {endpoint.isError && <ErrorAlert error={endpoint.error} />}
      <Section title={endpoint.data?.url ?? t('webhooks.title')} description={endpoint.data?.description ?? undefined}>
        {deliveries.isPending ? (
          <SectionSkeleton />
        ) : deliveries.isError ? (
          <ErrorAlert error={deliveries.error} />
        ) : deliveries.items.length === 0 ? (
          <EmptyState title={t('webhooks.no_deliveries')} />
        ) : (
          <>
            <Text size="sm" fw={600} mb="xs">
              {t('webhooks.recent_deliveries')}
            </Text>
            {replay.error && <ErrorAlert error={replay.error} />}
            <Table.ScrollContainer minWidth={640}>
              <Table verticalSpacing="xs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('webhooks.event')}</Table.Th>
                    <Table.Th>{t('webhooks.status')}</Table.Th>
                    <Table.Th>{t('webhooks.response')}</Table.Th>
                    <Table.Th>{t('webhooks.when')}</Table.Th>
                    <Table.Th>
                      <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {deliveries.items.map((d) => (
                    <Table.Tr key={d.id}>
                      <Table.Td>
                        <Code>{d.event_type}</Code>
                      </Table.Td>
                      <Table.Td>
                        <Badge color={STATUS_COLOR[d.status]} variant="light">
                          {t(`webhooks.delivery_${d.status}`)}
                        </Badge>
                        <Text size="xs" c="dimmed">
                          {t('webhooks.attempts', { count: d.attempts })}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{d.last_response_status ?? '—'}</Text>
                        {d.last_error && (
                          <Text size="xs" c="red.8" lineClamp={2}>
                            {d.last_error}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{formatDateTime(d.created, i18n.language, business.timezone)}</Table.Td>
                      <Table.Td ta="right">
                        <Button
                          size="xs"
                          variant="light"
                          leftSection={<IconRefresh size={14} />}
                          loading={replay.isPending && replay.variables?.id === d.id}
                          onClick={() => replay.mutate(d)}
                          aria-label={t('webhooks.replay_label', { event: d.event_type })}
                        >
                          {t('webhooks.replay')}
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </>
        )}
        <LoadMore hasMore={!!deliveries.hasNextPage} loading={deliveries.isFetchingNextPage} onClick={() => void deliveries.fetchNextPage()} />
      </Section>
    </Stack>
  );
}
