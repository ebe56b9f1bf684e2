import { Anchor, Badge, Button, Card, Group, Progress, SimpleGrid, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { api } from '@shared/api.ts';
import { IconArrowLeft } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { hasRole, useSession } from '../../session.tsx';
import { ConfirmModal } from '../customers/shared/confirm.tsx';
import { CustomerLink } from '../customers/shared/customer-ref.tsx';
import { useFormat } from '../customers/shared/format.ts';
import { ErrorAlert } from '../customers/shared/list.tsx';
import { StatusBadge } from '../customers/shared/status.tsx';
import type { Invoice, PaymentPlan } from '../customers/shared/types.ts';

export function PlanDetail({ id }: { id: string }) {
  const { t } = useTranslation('app-customers');
  const plan = useQuery({ queryKey: ['payment_plans', id], queryFn: () => api<PaymentPlan>(`/v1/payment_plans/${id}`) });
  return (
    <Stack gap="md">
      <Anchor component={Link} href="/" size="sm">
        <Group gap={4} wrap="nowrap">
          <IconArrowLeft size={14} aria-hidden />
          {t('plans.back')}
        </Group>
      </Anchor>
      {plan.error ? (
        <ErrorAlert error={plan.error} />
      ) : !plan.data ? (
        <Card withBorder>
          <Skeleton height={28} width="30%" mb="sm" />
          <Skeleton height={14} width="60%" />
        </Card>
      ) : (
        <PlanView plan={plan.data} />
      )}
    </Stack>
  );
}

/** An invoice by its number (its id until the number loads). */
function InvoiceNumberLink({ id }: { id: string }) {
  const invoice = useQuery({ queryKey: ['invoice', id], queryFn: () => api<Invoice>(`/v1/invoices/${id}`), staleTime: 60_000 });
  return (
    <Anchor component={Link} href={`~/app/invoices/${id}`} size="sm">
      {invoice.data?.number ?? id}
    </Anchor>
  );
}

function PlanView({ plan }: { plan: PaymentPlan }) {
  const { t } = useTranslation('app-customers');
  const format = useFormat();
  const session = useSession();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const money = (minor: number) => format.money(minor, plan.currency);
  const cancel = useMutation({
    mutationFn: () => api<PaymentPlan>(`/v1/payment_plans/${plan.id}/cancel`, { method: 'POST' }),
    onSuccess: (updated) => {
      queryClient.setQueryData(['payment_plans', plan.id], updated);
      void queryClient.invalidateQueries({ queryKey: ['payment_plans'] });
      void queryClient.invalidateQueries({ queryKey: ['invoices'] });
      void queryClient.invalidateQueries({ queryKey: ['customer', plan.customer] });
      setConfirming(false);
      notifications.show({ color: 'green', message: t('plans.canceled') });
    },
  });
  const paidShare = plan.amount > 0 ? Math.round((plan.amount_paid / plan.amount) * 100) : 0;
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Stack gap={4}>
          <Group gap="sm">
            <Title order={2}>{t('plans.detail_title', { amount: money(plan.amount) })}</Title>
            <StatusBadge status={plan.status} />
          </Group>
          <Group gap="xs">
            <CustomerLink id={plan.customer} />
            <Text size="sm" c="dimmed">
              · {t('invoices.created_on', { date: format.date(plan.created) })}
            </Text>
          </Group>
        </Stack>
        {plan.status === 'active' && hasRole(session, 'manager') && (
          <Button
            variant="default"
            color="red"
            onClick={() => {
              cancel.reset();
              setConfirming(true);
            }}
          >
            {t('plans.cancel')}
          </Button>
        )}
      </Group>
      <Card withBorder padding="lg">
        <SimpleGrid cols={{ base: 1, xs: 3 }}>
          <Stack gap={2}>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              {t('fields.amount')}
            </Text>
            <Text fw={700}>{money(plan.amount)}</Text>
          </Stack>
          <Stack gap={2}>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              {t('totals.paid')}
            </Text>
            <Text fw={700}>{money(plan.amount_paid)}</Text>
          </Stack>
          <Stack gap={2}>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              {t('totals.remaining')}
            </Text>
            <Text fw={700}>{money(plan.amount_remaining)}</Text>
          </Stack>
        </SimpleGrid>
        <Progress value={paidShare} mt="md" aria-label={t('plans.progress', { percent: paidShare })} />
        <Text size="xs" c="dimmed" mt={4}>
          {t('plans.progress', { percent: paidShare })} · {t(`collection_method.${plan.collection_method}`)}
        </Text>
      </Card>
      <Card withBorder padding="lg">
        <Title order={3} size="h5" mb="sm">
          {t('plans.instalments')}
        </Title>
        <Table.ScrollContainer minWidth={620}>
          <Table verticalSpacing="xs" aria-label={t('plans.instalments')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>#</Table.Th>
                <Table.Th>{t('fields.invoice')}</Table.Th>
                <Table.Th>{t('fields.due_date')}</Table.Th>
                <Table.Th>{t('fields.amount')}</Table.Th>
                <Table.Th>{t('totals.paid')}</Table.Th>
                <Table.Th>{t('fields.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {plan.instalments.map((instalment) => (
                <Table.Tr key={instalment.invoice}>
                  <Table.Td>{instalment.position}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} href={`~/app/invoices/${instalment.invoice}`} size="sm">
                      {instalment.number ?? instalment.invoice}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{format.date(instalment.due_date)}</Table.Td>
                  <Table.Td ff="monospace">{money(instalment.amount)}</Table.Td>
                  <Table.Td ff="monospace">{money(instalment.amount_paid)}</Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <StatusBadge status={instalment.status} />
                      {instalment.past_due && (
                        <Badge color="red" variant="outline" radius="sm">
                          {t('invoices.overdue')}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
      <Card withBorder padding="lg">
        <Title order={3} size="h5" mb="sm">
          {t('plans.originals')}
        </Title>
        <Group gap="sm">
          {plan.invoices.map((invoiceId) => (
            <InvoiceNumberLink key={invoiceId} id={invoiceId} />
          ))}
        </Group>
      </Card>
      <ConfirmModal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={t('plans.cancel_title')}
        body={t('plans.cancel_body')}
        confirmLabel={t('plans.cancel')}
        onConfirm={() => cancel.mutate()}
        pending={cancel.isPending}
        error={cancel.error}
      />
    </Stack>
  );
}
