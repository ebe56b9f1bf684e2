import { Button, Group, Paper, Radio, Select, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { api } from '@shared/api.ts';
import { IconCheck, IconHandGrab, IconPlayerPlay, IconRotate, IconUserCheck, IconUserPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../session.tsx';
import { ConfirmModal } from '../customers/shared/confirm.tsx';
import { ErrorAlert } from '../customers/shared/list.tsx';
import { staffLabel, useStaff } from './common.tsx';
import { type IntakeRequest, NS, REQUESTS_KEY } from './types.ts';

type Action = 'assign' | 'start' | 'done' | 'reopen' | 'accept' | 'spam';

/** One POST /v1/requests/:id/<action>; every list and the detail refresh after it. */
function useRequestAction(id: string) {
  const { t } = useTranslation(NS);
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ action, body }: { action: Action; body?: Record<string, unknown> }) =>
      api<IntakeRequest>(`/v1/requests/${id}/${action}`, { method: 'POST', body: body ?? {} }),
    onSuccess: (_, { action }) => {
      notifications.show({ color: 'teal', message: t(`actions.done_message.${action}`) });
      void client.invalidateQueries({ queryKey: REQUESTS_KEY });
    },
  });
}

/** What can be done with the request in its state (the server's state machine decides in the end). */
export function RequestActions({ request }: { request: IntakeRequest }) {
  const { t } = useTranslation(NS);
  const action = useRequestAction(request.id);
  const run = (name: Action, body?: Record<string, unknown>) => action.mutate({ action: name, body });
  const busy = (name: Action) => action.isPending && action.variables?.action === name;
  const state = request.state;
  if (state === 'spam') return null;
  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="sm">
        <Title order={3} size="h4">
          {t('actions.title')}
        </Title>
        <ErrorAlert error={action.error} />
        {state === 'review' ? (
          <ReviewActions request={request} run={run} busy={busy} />
        ) : (
          <>
            {state !== 'done' && <AssignForm request={request} onAssign={(userId) => run('assign', { assignee_user_id: userId })} loading={busy('assign')} />}
            <Group gap="xs">
              {state === 'assigned' && (
                <Button variant="default" leftSection={<IconPlayerPlay size={16} />} loading={busy('start')} onClick={() => run('start')}>
                  {t('actions.start')}
                </Button>
              )}
              {(state === 'assigned' || state === 'in_progress') && (
                <Button leftSection={<IconCheck size={16} />} loading={busy('done')} onClick={() => run('done')}>
                  {t('actions.done')}
                </Button>
              )}
              {state === 'done' && (
                <Button variant="default" leftSection={<IconRotate size={16} />} loading={busy('reopen')} onClick={() => run('reopen')}>
                  {t('actions.reopen')}
                </Button>
              )}
            </Group>
          </>
        )}
      </Stack>
    </Paper>
  );
}

function AssignForm({ request, onAssign, loading }: { request: IntakeRequest; onAssign: (userId: string) => void; loading: boolean }) {
  const { t } = useTranslation(NS);
  const me = useSession().user.id;
  const staff = useStaff();
  const [userId, setUserId] = useState<string | null>(request.assignee_user_id);
  return (
    <Stack gap="xs">
      {/* The team list is the owner's to read; everyone can still take a request themselves. */}
      {!staff.isError && (
        <Group align="flex-end" gap="xs" wrap="wrap">
          <Select
            label={t('actions.assign_to')}
            placeholder={t('actions.pick_staff')}
            data={(staff.data ?? []).map((m) => ({ value: m.user_id, label: staffLabel(m) }))}
            value={userId}
            onChange={setUserId}
            searchable
            nothingFoundMessage={t('actions.no_staff')}
            style={{ flex: '1 1 220px' }}
          />
          <Button
            variant="default"
            leftSection={<IconUserPlus size={16} />}
            loading={loading && userId !== me}
            disabled={!userId || userId === request.assignee_user_id}
            onClick={() => userId && onAssign(userId)}
          >
            {t('actions.assign')}
          </Button>
        </Group>
      )}
      {request.assignee_user_id !== me && (
        <Button variant="light" leftSection={<IconHandGrab size={16} />} loading={loading && userId === me} onClick={() => onAssign(me)} w="fit-content">
          {t('actions.take')}
        </Button>
      )}
    </Stack>
  );
}

/** An unknown sender: accept (as a new client or as one of the possible duplicates) or mark as spam. */
function ReviewActions({
  request,
  run,
  busy,
}: {
  request: IntakeRequest;
  run: (name: Action, body?: Record<string, unknown>) => void;
  busy: (name: Action) => boolean;
}) {
  const { t } = useTranslation(NS);
  const [target, setTarget] = useState('new');
  const [confirming, confirm] = useDisclosure(false);
  const sender = request.sender.email ?? request.sender.phone ?? request.sender.name ?? '—';
  return (
    <>
      <Text size="sm">{t('review.explain')}</Text>
      {request.possible_duplicates.length > 0 && (
        <Radio.Group label={t('review.accept_as')} value={target} onChange={setTarget}>
          <Stack gap={6} mt={6}>
            <Radio value="new" label={t('review.new_client')} />
            {request.possible_duplicates.map((d) => (
              <Radio key={d.customer_id} value={d.customer_id} label={t('review.existing_client', { customer_name: d.customer_name ?? d.customer_id })} />
            ))}
          </Stack>
        </Radio.Group>
      )}
      <Group gap="xs">
        <Button
          leftSection={<IconUserCheck size={16} />}
          loading={busy('accept')}
          onClick={() => run('accept', target === 'new' ? {} : { customer_id: target })}
        >
          {t('review.accept')}
        </Button>
        <Button color="red" variant="outline" onClick={confirm.open}>
          {t('review.spam')}
        </Button>
      </Group>
      <ConfirmModal
        opened={confirming}
        onClose={confirm.close}
        title={t('review.spam_title')}
        body={t('review.spam_body', { sender })}
        confirmLabel={t('review.spam_confirm')}
        onConfirm={() => {
          run('spam');
          confirm.close();
        }}
        pending={busy('spam')}
        error={null}
      />
    </>
  );
}
