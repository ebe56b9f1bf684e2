import { Anchor, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { hasRole, useSession } from '../../session.tsx';
import { CustomerLink } from '../customers/shared/customer-ref.tsx';
import { useFormat } from '../customers/shared/format.ts';
import { EmptyState, ListTable, useCursorList } from '../customers/shared/list.tsx';
import { StatusBadge } from '../customers/shared/status.tsx';
import type { PaymentPlan } from '../customers/shared/types.ts';

/** The next instalment still owing something, if any. */
export function nextInstalment(plan: PaymentPlan) {
  return plan.instalments.find((i) => i.status === 'open' && i.amount_remaining > 0);
}

export function PlanList() {
  const { t } = useTranslation('app-customers');
  const session = useSession();
  const format = useFormat();
  const [, navigate] = useLocation();
  const list = useCursorList<PaymentPlan>(['payment_plans', 'list'], '/v1/payment_plans');
  const newButton = hasRole(session, 'manager') && (
    <Button component={Link} href="/new" leftSection={<IconPlus size={16} />}>
      {t('plans.new')}
    </Button>
  );
  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>{t('plans.title')}</Title>
        {newButton}
      </Group>
      <ListTable
        list={list}
        label={t('plans.title')}
        minWidth={820}
        head={[
          t('fields.plan'),
          t('fields.customer'),
          t('fields.status'),
          t('fields.amount'),
          t('fields.amount_remaining'),
          t('plans.next_due'),
          t('fields.created'),
        ]}
        empty={<EmptyState title={t('plans.empty_title')} body={t('plans.empty_body')} action={newButton} />}
      >
        {list.items.map((plan) => {
          const next = nextInstalment(plan);
          return (
            <Table.Tr key={plan.id} style={{ cursor: 'pointer' }} onClick={() => navigate(`/${plan.id}`)}>
              <Table.Td>
                <Anchor component={Link} href={`/${plan.id}`} size="sm" fw={500} onClick={(event: React.MouseEvent) => event.stopPropagation()}>
                  {t('plans.instalments_count', { count: plan.instalments.length })}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <CustomerLink id={plan.customer} />
              </Table.Td>
              <Table.Td>
                <StatusBadge status={plan.status} />
              </Table.Td>
              <Table.Td ff="monospace">{format.money(plan.amount, plan.currency)}</Table.Td>
              <Table.Td ff="monospace">{format.money(plan.amount_remaining, plan.currency)}</Table.Td>
              <Table.Td>
                {next ? (
                  <Text size="sm" c={next.past_due ? 'red.8' : undefined}>
                    {format.date(next.due_date)} · {format.money(next.amount_remaining, plan.currency)}
                  </Text>
                ) : (
                  '—'
                )}
              </Table.Td>
              <Table.Td>{format.date(plan.created)}</Table.Td>
            </Table.Tr>
          );
        })}
      </ListTable>
    </Stack>
  );
}
