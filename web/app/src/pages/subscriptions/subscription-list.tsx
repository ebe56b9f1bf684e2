import { Anchor, Badge, Button, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useSearch } from 'wouter';
import { hasRole, useSession } from '../../session.tsx';
import { CustomerLink } from '../customers/shared/customer-ref.tsx';
import { useFormat } from '../customers/shared/format.ts';
import { EmptyState, ListTable, useCursorList } from '../customers/shared/list.tsx';
import { CreateSubscriptionModal } from './create-subscription.tsx';
import { ItemName, PeriodAmount } from './plan-summary.tsx';
import { SubscriptionStatusBadge } from './status.tsx';
import { SUBSCRIPTION_STATUSES, type Subscription } from './types.ts';

/** Subscriptions, newest first, filtered by status; `?new=1&customer=cus_…` opens the create form for that customer. */
export function SubscriptionList() {
  const { t } = useTranslation('app-billing');
  const session = useSession();
  const format = useFormat();
  const [, navigate] = useLocation();
  const params = new URLSearchParams(useSearch());
  const [status, setStatus] = useState<string | null>(params.get('status'));
  const [creating, { open, close }] = useDisclosure(params.get('new') === '1');
  const list = useCursorList<Subscription>(['subscriptions', 'list'], '/v1/subscriptions', { status });
  const canEdit = hasRole(session, 'manager');

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>{t('subscriptions.title')}</Title>
        {canEdit && (
          <Button leftSection={<IconPlus size={16} />} onClick={open}>
            {t('subscriptions.new')}
          </Button>
        )}
      </Group>
      <Select
        label={t('subscriptions.filter_label')}
        placeholder={t('subscriptions.filter_all')}
        clearable
        value={status}
        onChange={setStatus}
        data={SUBSCRIPTION_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
        maw={260}
      />
      <ListTable
        list={list}
        label={t('subscriptions.title')}
        minWidth={760}
        head={[t('fields.customer'), t('fields.status'), t('fields.plan'), t('fields.amount'), t('fields.next_billing'), t('fields.created')]}
        empty={
          status ? (
            <EmptyState title={t('subscriptions.empty_status', { status: t(`status.${status}`) })} />
          ) : (
            <EmptyState
              title={t('subscriptions.empty_title')}
              body={t('subscriptions.empty_body')}
              action={
                canEdit && (
                  <Button onClick={open} leftSection={<IconPlus size={16} />}>
                    {t('subscriptions.new')}
                  </Button>
                )
              }
            />
          )
        }
      >
        {list.items.map((sub) => (
          <Table.Tr key={sub.id} style={{ cursor: 'pointer' }} onClick={() => navigate(`/${sub.id}`)}>
            <Table.Td>
              <CustomerLink id={sub.customer} />
            </Table.Td>
            <Table.Td>
              <Group gap={4} wrap="nowrap">
                <SubscriptionStatusBadge status={sub.status} />
                {sub.cancel_at_period_end && sub.status !== 'canceled' && (
                  <Badge color="red" style={{ '--badge-color': 'var(--mantine-color-red-9)' } as React.CSSProperties} variant="outline" radius="sm">
                    {t('subscriptions.cancels_on', { date: format.date(sub.current_period_end) })}
                  </Badge>
                )}
              </Group>
            </Table.Td>
            <Table.Td>
              <Anchor component={Link} href={`/${sub.id}`} onClick={(event: React.MouseEvent) => event.stopPropagation()}>
                <Stack gap={0}>
                  {sub.items.data.map((item) => (
                    <ItemName key={item.id} item={item} />
                  ))}
                </Stack>
              </Anchor>
            </Table.Td>
            <Table.Td>
              <PeriodAmount items={sub.items.data} />
            </Table.Td>
            <Table.Td>
              <Text size="sm">{sub.status === 'canceled' || sub.cancel_at_period_end ? '—' : format.date(sub.next_billing_at)}</Text>
            </Table.Td>
            <Table.Td>{format.date(sub.created)}</Table.Td>
          </Table.Tr>
        ))}
      </ListTable>
      <CreateSubscriptionModal opened={creating} onClose={close} initialCustomer={params.get('customer')} onCreated={(sub) => navigate(`/${sub.id}`)} />
    </Stack>
  );
}
