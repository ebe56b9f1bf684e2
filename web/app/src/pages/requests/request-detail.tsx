import { Alert, Anchor, Badge, Card, Grid, Group, Paper, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { api } from '@shared/api.ts';
import { formatDateTime } from '@shared/format.ts';
import { IconAlertTriangle, IconArrowLeft } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useSession } from '../../session.tsx';
import { ErrorAlert } from '../customers/shared/list.tsx';
import { ChannelIcon, KindText, StateBadge } from './common.tsx';
import { RequestActions } from './request-actions.tsx';
import { Thread } from './thread.tsx';
import { NS, type RequestDetail, requestKey, senderLabel } from './types.ts';

export function RequestDetailPage({ id }: { id: string }) {
  const { t, i18n } = useTranslation(NS);
  const { business } = useSession();
  const query = useQuery({ queryKey: requestKey(id), queryFn: () => api<RequestDetail>(`/v1/requests/${id}`) });
  const request = query.data;
  return (
    <Stack gap="md">
      <Anchor component={Link} href="/" size="sm">
        <Group gap={4} wrap="nowrap">
          <IconArrowLeft size={14} aria-hidden />
          {t('detail.back')}
        </Group>
      </Anchor>
      {query.error ? (
        <ErrorAlert error={query.error} />
      ) : !request ? (
        <Card withBorder>
          <Skeleton height={28} width="40%" mb="sm" />
          <Skeleton height={14} width="60%" />
        </Card>
      ) : (
        <>
          <Stack gap={4}>
            <Group gap="sm" wrap="wrap">
              <Title order={2}>{request.subject ?? senderLabel(request)}</Title>
              <StateBadge state={request.state} />
            </Group>
            <Group gap="xs" wrap="wrap">
              <ChannelIcon channel={request.channel} withLabel />
              <Text size="sm" c="dimmed">
                · <KindText kind={request.kind} /> · {formatDateTime(request.created, i18n.language, business.timezone)}
              </Text>
            </Group>
          </Stack>
          <Grid gap="lg">
            <Grid.Col span={{ base: 12, md: 7 }} order={{ base: 2, md: 1 }}>
              <Thread request={request} canReply={request.customer_id !== null && request.state !== 'spam' && request.state !== 'review'} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 5 }} order={{ base: 1, md: 2 }}>
              <Stack gap="md">
                <RequestActions request={request} />
                <ClientCard request={request} />
                {Object.keys(request.fields).length > 0 && <FieldsCard fields={request.fields} />}
                {request.possible_duplicates.length > 0 && <DuplicatesCard request={request} />}
              </Stack>
            </Grid.Col>
          </Grid>
        </>
      )}
    </Stack>
  );
}

function InfoRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th scope="row" fw={500} w="40%">
        {label}
      </Table.Th>
      <Table.Td style={{ overflowWrap: 'anywhere' }}>{children}</Table.Td>
    </Table.Tr>
  );
}

/** Who wrote: the client it belongs to, what the sender gave as contacts, and who has it. */
function ClientCard({ request }: { request: RequestDetail }) {
  const { t } = useTranslation(NS);
  const s = request.sender;
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={3} size="h4" mb="xs">
        {t('detail.client_title')}
      </Title>
      {request.unverified_match && (
        <Alert color="orange" icon={<IconAlertTriangle size={18} />} mb="sm">
          {t('detail.unverified_match')}
        </Alert>
      )}
      <Table verticalSpacing={4}>
        <Table.Tbody>
          <InfoRow label={t('detail.client')}>
            {request.customer_id ? (
              <Anchor component={Link} href={`~/app/customers/${request.customer_id}`}>
                {request.customer_name ?? request.customer_id}
              </Anchor>
            ) : (
              t('detail.no_client')
            )}
          </InfoRow>
          {s.name && <InfoRow label={t('detail.sender_name')}>{s.name}</InfoRow>}
          {s.email && <InfoRow label={t('detail.sender_email')}>{s.email}</InfoRow>}
          {s.phone && <InfoRow label={t('detail.sender_phone')}>{s.phone}</InfoRow>}
          {s.telegram_chat_id && <InfoRow label={t('detail.sender_telegram')}>{s.telegram_chat_id}</InfoRow>}
          {s.locale && <InfoRow label={t('detail.sender_locale')}>{s.locale}</InfoRow>}
          <InfoRow label={t('detail.assignee')}>{request.assignee_name ?? t('inbox.nobody')}</InfoRow>
          {request.routing_reason && <InfoRow label={t('detail.routing_reason')}>{request.routing_reason}</InfoRow>}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

function FieldsCard({ fields }: { fields: Record<string, string> }) {
  const { t } = useTranslation(NS);
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={3} size="h4" mb="xs">
        {t('detail.fields_title')}
      </Title>
      <Table verticalSpacing={4}>
        <Table.Tbody>
          {Object.entries(fields).map(([name, value]) => (
            <InfoRow key={name} label={name}>
              <span style={{ whiteSpace: 'pre-wrap' }}>{value}</span>
            </InfoRow>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

/** Clients this sender may already be: open one to compare and merge there. */
function DuplicatesCard({ request }: { request: RequestDetail }) {
  const { t } = useTranslation(NS);
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={3} size="h4" mb="xs">
        {t('duplicates.title')}
      </Title>
      <Stack gap="xs">
        {request.possible_duplicates.map((d) => (
          <Group key={d.customer_id} justify="space-between" wrap="wrap" gap="xs">
            <Anchor component={Link} href={`~/app/customers/${d.customer_id}`} size="sm">
              {d.customer_name ?? d.customer_id}
            </Anchor>
            <Group gap={4}>
              {d.reasons.map((reason) => (
                <Badge key={reason} variant="light" color="orange" size="sm" autoContrast>
                  {t(`duplicates.reason.${reason}`)}
                </Badge>
              ))}
            </Group>
          </Group>
        ))}
      </Stack>
      {request.customer_id && (
        <Anchor component={Link} href={`~/app/customers/${request.customer_id}#duplicates`} size="sm" mt="xs" display="block">
          {t('duplicates.merge_link')}
        </Anchor>
      )}
    </Paper>
  );
}
