import { Alert, Badge, Button, Group, Modal, Select, Skeleton, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { api } from '@shared/api.ts';
import { formatDate } from '@shared/format.ts';
import { IconAlertCircle, IconUserPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Role, useSession } from '../../session.tsx';
import { splitError } from './errors.ts';
import { ScrollRegion } from './scroll-region.tsx';

type Member = { user_id: string; email: string; name: string | null; role: Role; mfa_enabled: boolean; created: number };
type Invitation = { id: string; email: string; role: Role; expires_at: number; created: number };
type Staff = { members: Member[]; invitations: Invitation[] };

const STAFF_KEY = ['staff'] as const;
const ROLE_ORDER: Role[] = ['owner', 'manager', 'staff'];

/** Owner-only: who works in the business, with what role, and the invitations still open. */
export function StaffPage() {
  const { t, i18n } = useTranslation('app-auth');
  const session = useSession();
  const queryClient = useQueryClient();
  const [inviteOpened, invite] = useDisclosure(false);
  const [removing, setRemoving] = useState<Member | null>(null);
  const staff = useQuery({ queryKey: STAFF_KEY, queryFn: () => api<Staff>('/v1/staff') });
  const refresh = () => queryClient.invalidateQueries({ queryKey: STAFF_KEY });
  const failed = (error: Error) => notifications.show({ color: 'red', title: t('staff.failed'), message: error.message });

  const changeRole = useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: Role }) => api(`/v1/staff/${userId}`, { body: { role } }),
    onSuccess: () => {
      notifications.show({ color: 'teal', message: t('staff.role_changed') });
      void refresh();
    },
    onError: failed,
  });
  const remove = useMutation({
    mutationFn: (userId: string) => api(`/v1/staff/${userId}`, { method: 'DELETE' }),
    onSuccess: () => {
      setRemoving(null);
      void refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api(`/v1/staff/invitations/${id}`, { method: 'DELETE' }),
    onSuccess: () => void refresh(),
    onError: failed,
  });
  const roleOptions = ROLE_ORDER.map((role) => ({ value: role, label: t(`roles.${role}`) }));

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2}>{t('staff.title')}</Title>
          <Text size="sm" c="gray.7">
            {t('staff.description')}
          </Text>
        </div>
        <Button leftSection={<IconUserPlus size={16} />} onClick={invite.open}>
          {t('staff.invite')}
        </Button>
      </Group>

      {staff.isError && (
        <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
          {staff.error.message}
        </Alert>
      )}

      <ScrollRegion label={t('staff.title')}>
        <Table striped highlightOnHover miw={640} verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('staff.person')}</Table.Th>
              <Table.Th>{t('staff.role')}</Table.Th>
              <Table.Th>{t('staff.two_factor')}</Table.Th>
              <Table.Th>{t('staff.since')}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t('staff.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {staff.isPending &&
              [0, 1, 2].map((row) => (
                <Table.Tr key={row}>
                  {[0, 1, 2, 3, 4].map((cell) => (
                    <Table.Td key={cell}>
                      <Skeleton h={16} />
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            {staff.data?.members.map((member) => (
              <Table.Tr key={member.user_id}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {member.name ?? member.email}
                  </Text>
                  {member.name && (
                    <Text size="xs" c="gray.7">
                      {member.email}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Select
                    aria-label={t('staff.role_of', { email: member.email })}
                    data={roleOptions}
                    value={member.role}
                    allowDeselect={false}
                    size="xs"
                    w={140}
                    onChange={(role) => role && role !== member.role && changeRole.mutate({ userId: member.user_id, role: role as Role })}
                  />
                </Table.Td>
                <Table.Td>
                  <Badge color={member.mfa_enabled ? 'teal' : 'gray'} variant="light">
                    {member.mfa_enabled ? t('mfa.on') : t('mfa.off')}
                  </Badge>
                </Table.Td>
                <Table.Td>{formatDate(member.created, i18n.language, session.business.timezone)}</Table.Td>
                <Table.Td ta="right">
                  <Button size="xs" variant="subtle" color="red" onClick={() => setRemoving(member)} disabled={member.user_id === session.user.id}>
                    {t('staff.remove')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollRegion>

      <Stack gap="xs">
        <Title order={3} size="h4">
          {t('staff.pending')}
        </Title>
        {staff.data && staff.data.invitations.length === 0 ? (
          <Text size="sm" c="gray.7">
            {t('staff.no_pending')}
          </Text>
        ) : (
          <ScrollRegion label={t('staff.pending')}>
            <Table miw={560} verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('fields.email')}</Table.Th>
                  <Table.Th>{t('staff.role')}</Table.Th>
                  <Table.Th>{t('staff.expires')}</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>{t('staff.actions')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {staff.data?.invitations.map((invitation) => (
                  <Table.Tr key={invitation.id}>
                    <Table.Td>{invitation.email}</Table.Td>
                    <Table.Td>
                      <Badge variant="light">{t(`roles.${invitation.role}`)}</Badge>
                    </Table.Td>
                    <Table.Td>{formatDate(invitation.expires_at, i18n.language, session.business.timezone)}</Table.Td>
                    <Table.Td ta="right">
                      <Button
                        size="xs"
                        variant="subtle"
                        color="red"
                        loading={revoke.isPending && revoke.variables === invitation.id}
                        onClick={() => revoke.mutate(invitation.id)}
                      >
                        {t('staff.revoke')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollRegion>
        )}
      </Stack>

      <InviteModal opened={inviteOpened} onClose={invite.close} onInvited={() => void refresh()} roleOptions={roleOptions} />

      <Modal opened={removing !== null} onClose={() => setRemoving(null)} title={t('staff.remove_title')}>
        <Stack gap="md">
          <Text size="sm">{t('staff.remove_confirm', { email: removing?.email ?? '' })}</Text>
          {remove.error && (
            <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
              {remove.error.message}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRemoving(null)}>
              {t('common.cancel')}
            </Button>
            <Button color="red" loading={remove.isPending} onClick={() => removing && remove.mutate(removing.user_id)}>
              {t('staff.remove')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

function InviteModal({
  opened,
  onClose,
  onInvited,
  roleOptions,
}: {
  opened: boolean;
  onClose: () => void;
  onInvited: () => void;
  roleOptions: { value: string; label: string }[];
}) {
  const { t } = useTranslation('app-auth');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('staff');
  const send = useMutation({
    mutationFn: () => api('/v1/staff/invitations', { body: { email, role } }),
    onSuccess: () => {
      notifications.show({ color: 'teal', message: t('staff.invited', { email }) });
      setEmail('');
      onInvited();
      onClose();
    },
  });
  const { field, general } = splitError(send.error, ['email', 'role']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    send.mutate();
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('staff.invite_title')}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {general && (
            <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
              {general}
            </Alert>
          )}
          <TextInput
            label={t('fields.email')}
            type="email"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={field.email}
            data-autofocus
          />
          <Select
            label={t('staff.role')}
            data={roleOptions}
            value={role}
            allowDeselect={false}
            onChange={(value) => value && setRole(value as Role)}
            error={field.role}
            description={t(`roles.${role}_explain`)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={send.isPending}>
              {t('staff.send_invite')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
