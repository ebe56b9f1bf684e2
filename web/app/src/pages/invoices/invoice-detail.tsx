import { Anchor, Button, Card, Divider, Grid, Group, Menu, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { api } from '@shared/api.ts';
import { IconArrowLeft, IconCash, IconChevronDown, IconDownload } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { hasRole, useSession } from '../../session.tsx';
import { ConfirmModal } from '../customers/shared/confirm.tsx';
import { CustomerLink } from '../customers/shared/customer-ref.tsx';
import { useFormat } from '../customers/shared/format.ts';
import { ErrorAlert } from '../customers/shared/list.tsx';
import { StatusBadge } from '../customers/shared/status.tsx';
import type { Invoice, Payment } from '../customers/shared/types.ts';
import { CreditNoteModal, RecordPaymentModal, RefundModal, useInvalidateInvoice } from './invoice-actions.tsx';
import { InvoiceRecords } from './invoice-records.tsx';

type Confirmable = 'finalize' | 'void' | 'mark_uncollectible' | 'delete';

export function InvoiceDetail({ id }: { id: string }) {
  const { t } = useTranslation('app-customers');
  const invoice = useQuery({ queryKey: ['invoice', id], queryFn: () => api<Invoice>(`/v1/invoices/${id}`) });
  return (
    <Stack gap="md">
      <Anchor component={Link} href="/" size="sm">
        <Group gap={4} wrap="nowrap">
          <IconArrowLeft size={14} aria-hidden />
          {t('invoices.back')}
        </Group>
      </Anchor>
      {invoice.error ? (
        <ErrorAlert error={invoice.error} />
      ) : !invoice.data ? (
        <Card withBorder>
          <Skeleton height={28} width="30%" mb="sm" />
          <Skeleton height={14} width="60%" />
        </Card>
      ) : (
        <InvoiceView invoice={invoice.data} />
      )}
    </Stack>
  );
}

function Amount({ label, children, strong, plain }: { label: string; children: ReactNode; strong?: boolean; plain?: boolean }) {
  return (
    <Group justify="space-between" wrap="nowrap">
      <Text size="sm" c={strong ? undefined : 'dimmed'} fw={strong ? 700 : undefined}>
        {label}
      </Text>
      <Text size="sm" ff={plain ? undefined : 'monospace'} fw={strong ? 700 : undefined} ta="right">
        {children}
      </Text>
    </Group>
  );
}

function InvoiceView({ invoice }: { invoice: Invoice }) {
  const { t } = useTranslation('app-customers');
  const format = useFormat();
  const session = useSession();
  const [, navigate] = useLocation();
  const invalidate = useInvalidateInvoice(invoice);
  const [confirming, setConfirming] = useState<Confirmable | null>(null);
  const [paying, payModal] = useDisclosure();
  const [crediting, creditModal] = useDisclosure();
  const [refunding, setRefunding] = useState<Payment | null>(null);
  // Recording money received is every role's job; changing what is owed is a manager's.
  const canRecord = hasRole(session, 'staff');
  const canAct = hasRole(session, 'manager');
  const money = (minor: number) => format.money(minor, invoice.currency);

  const action = useMutation({
    mutationFn: (kind: Confirmable) =>
      kind === 'delete' ? api(`/v1/invoices/${invoice.id}`, { method: 'DELETE' }) : api<Invoice>(`/v1/invoices/${invoice.id}/${kind}`, { method: 'POST' }),
    onSuccess: (result, kind) => {
      invalidate();
      setConfirming(null);
      notifications.show({ color: 'green', message: t(`actions.done.${kind}`) });
      for (const warning of (result as Invoice | undefined)?.warnings ?? [])
        notifications.show({ color: 'yellow', title: t('invoices.credit_warning'), message: warning.message });
      if (kind === 'delete') navigate('/');
    },
  });
  const confirm = (kind: Confirmable) => {
    action.reset();
    setConfirming(kind);
  };

  const open = invoice.status === 'open';
  const payable = open || invoice.status === 'uncollectible';
  const lines = invoice.lines?.data ?? [];

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Stack gap={4}>
          <Group gap="sm">
            <Title order={2}>{invoice.number ?? t('invoices.draft_number')}</Title>
            <StatusBadge status={invoice.status} />
          </Group>
          <Group gap="xs">
            <CustomerLink id={invoice.customer} />
            <Text size="sm" c="dimmed">
              · {t('invoices.created_on', { date: format.date(invoice.created) })}
            </Text>
          </Group>
        </Stack>
        <Group gap="xs" wrap="wrap">
          <Button
            component="a"
            href={`/v1/invoices/${invoice.id}/pdf`}
            target="_blank"
            rel="noopener"
            variant="default"
            leftSection={<IconDownload size={16} />}
          >
            {t('actions.download_pdf')}
          </Button>
          {canAct && invoice.status === 'draft' && (
            <>
              <Button variant="default" color="red" onClick={() => confirm('delete')}>
                {t('actions.delete_draft')}
              </Button>
              <Button onClick={() => confirm('finalize')}>{t('actions.finalize')}</Button>
            </>
          )}
          {canRecord && payable && (
            <Button leftSection={<IconCash size={16} />} onClick={payModal.open}>
              {t('actions.record_payment')}
            </Button>
          )}
          {canAct && invoice.status !== 'draft' && invoice.status !== 'void' && (
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <Button variant="default" rightSection={<IconChevronDown size={14} />}>
                  {t('actions.more')}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item onClick={creditModal.open}>{t('actions.credit_note')}</Menu.Item>
                {open && <Menu.Item onClick={() => confirm('mark_uncollectible')}>{t('actions.mark_uncollectible')}</Menu.Item>}
                {payable && (
                  <Menu.Item color="red" onClick={() => confirm('void')}>
                    {t('actions.void')}
                  </Menu.Item>
                )}
              </Menu.Dropdown>
            </Menu>
          )}
        </Group>
      </Group>

      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Card withBorder padding="lg">
            <Title order={3} size="h5" mb="sm">
              {t('invoices.lines')}
            </Title>
            {invoice.description && (
              <Text size="sm" c="dimmed" mb="sm">
                {invoice.description}
              </Text>
            )}
            <Table.ScrollContainer minWidth={480}>
              <Table verticalSpacing="xs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('fields.description')}</Table.Th>
                    <Table.Th ta="right">{t('fields.quantity')}</Table.Th>
                    <Table.Th ta="right">{t('fields.unit_price')}</Table.Th>
                    <Table.Th ta="right">{t('fields.total')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {lines.map((line) => (
                    <Table.Tr key={line.id}>
                      <Table.Td>{line.description}</Table.Td>
                      <Table.Td ta="right">{line.quantity}</Table.Td>
                      <Table.Td ta="right" ff="monospace">
                        {money(line.unit_amount)}
                      </Table.Td>
                      <Table.Td ta="right" ff="monospace">
                        {money(line.total)}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Stack gap={4} mt="md" ml="auto" maw={320}>
              <Amount label={t('totals.subtotal')}>{money(invoice.subtotal)}</Amount>
              {invoice.total_discount > 0 && <Amount label={t('totals.discount')}>−{money(invoice.total_discount)}</Amount>}
              <Amount label={t('totals.tax')}>{money(invoice.tax)}</Amount>
              <Amount label={t('totals.total')} strong>
                {money(invoice.total)}
              </Amount>
              {invoice.credit_applied > 0 && <Amount label={t('totals.credit_applied')}>−{money(invoice.credit_applied)}</Amount>}
              {invoice.credit_noted > 0 && <Amount label={t('totals.credit_noted')}>−{money(invoice.credit_noted)}</Amount>}
              <Amount label={t('totals.paid')}>{money(invoice.amount_paid)}</Amount>
              <Divider my={4} />
              <Amount label={t('totals.remaining')} strong>
                <span data-testid="amount-remaining">{money(invoice.amount_remaining)}</span>
              </Amount>
            </Stack>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Card withBorder padding="lg">
            <Title order={3} size="h5" mb="sm">
              {t('invoices.details')}
            </Title>
            <Stack gap="xs">
              <Amount plain label={t('fields.due_date')}>
                {format.date(invoice.due_date)}
              </Amount>
              <Amount plain label={t('fields.collection_method')}>
                {t(`collection_method.${invoice.collection_method}`)}
              </Amount>
              <Amount plain label={t('fields.currency')}>
                {invoice.currency.toUpperCase()}
              </Amount>
              {invoice.attempt_count !== undefined && (
                <Amount plain label={t('invoices.attempts')}>
                  {invoice.attempt_count}
                </Amount>
              )}
              {invoice.next_payment_attempt ? (
                <Amount plain label={t('invoices.next_attempt')}>
                  {format.dateTime(invoice.next_payment_attempt)}
                </Amount>
              ) : null}
              {invoice.payment_plan && (
                <Amount plain label={t('invoices.payment_plan')}>
                  <Anchor component={Link} href={`~/app/plans/${invoice.payment_plan}`} size="sm">
                    {t('invoices.view_plan')}
                  </Anchor>
                </Amount>
              )}
            </Stack>
          </Card>
        </Grid.Col>
      </Grid>

      <InvoiceRecords invoice={invoice} canRefund={canAct} onRefund={setRefunding} />

      <RecordPaymentModal opened={paying} onClose={payModal.close} invoice={invoice} />
      <CreditNoteModal opened={crediting} onClose={creditModal.close} invoice={invoice} />
      <RefundModal opened={refunding !== null} onClose={() => setRefunding(null)} invoice={invoice} payment={refunding} />
      <ConfirmModal
        opened={confirming !== null}
        onClose={() => setConfirming(null)}
        title={confirming ? t(`actions.confirm.${confirming}.title`) : ''}
        body={confirming ? t(`actions.confirm.${confirming}.body`, { amount: money(invoice.total) }) : ''}
        confirmLabel={confirming ? t(`actions.confirm.${confirming}.button`) : ''}
        color={confirming === 'finalize' ? 'teal' : 'red'}
        onConfirm={() => confirming && action.mutate(confirming)}
        pending={action.isPending}
        error={action.error}
      />
    </Stack>
  );
}
