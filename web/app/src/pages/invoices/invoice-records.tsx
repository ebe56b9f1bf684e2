import { Button, Card, Stack, Table, Text, Title } from '@mantine/core';
import { api, type ListPage } from '@shared/api.ts';
import { IconReceiptRefund } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../customers/shared/format.ts';
import { ErrorAlert, SkeletonRows } from '../customers/shared/list.tsx';
import { StatusBadge } from '../customers/shared/status.tsx';
import type { CreditNote, Invoice, Payment, PaymentAttempt } from '../customers/shared/types.ts';

function Section({
  title,
  error,
  pending,
  empty,
  head,
  children,
  count,
}: {
  title: string;
  error: unknown;
  pending: boolean;
  empty: string;
  head: string[];
  children: React.ReactNode;
  count: number;
}) {
  return (
    <Card withBorder padding="lg">
      <Title order={3} size="h5" mb="sm">
        {title}
      </Title>
      {error ? (
        <ErrorAlert error={error} />
      ) : !pending && count === 0 ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="xs" aria-label={title}>
            <Table.Thead>
              <Table.Tr>
                {head.map((cell) => (
                  <Table.Th key={cell}>{cell}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>{pending ? <SkeletonRows columns={head.length} rows={2} /> : children}</Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}

/** What happened to an invoice's money: payments (with refunds), charge attempts and credit notes. */
export function InvoiceRecords({ invoice, canRefund, onRefund }: { invoice: Invoice; canRefund: boolean; onRefund: (payment: Payment) => void }) {
  const { t } = useTranslation('app-customers');
  const format = useFormat();
  const money = (minor: number) => format.money(minor, invoice.currency);
  const payments = useQuery({
    queryKey: ['payments', 'invoice', invoice.id],
    queryFn: () => api<ListPage<Payment>>(`/v1/payments?invoice=${invoice.id}&limit=100`),
  });
  const attempts = useQuery({
    queryKey: ['invoice', invoice.id, 'attempts'],
    queryFn: () => api<ListPage<PaymentAttempt>>(`/v1/invoices/${invoice.id}/payment_attempts`),
    enabled: invoice.status !== 'draft',
  });
  const creditNotes = useQuery({
    queryKey: ['credit_notes', 'invoice', invoice.id],
    queryFn: () => api<ListPage<CreditNote>>(`/v1/credit_notes?invoice=${invoice.id}&limit=100`),
    enabled: invoice.status !== 'draft',
  });
  if (invoice.status === 'draft') return null;
  return (
    <Stack gap="md">
      <Section
        title={t('invoices.payments')}
        error={payments.error}
        pending={payments.isPending}
        count={payments.data?.data.length ?? 0}
        empty={t('invoices.no_payments')}
        head={[t('fields.date'), t('fields.amount'), t('fields.method'), t('fields.refunded'), t('fields.reference'), '']}
      >
        {payments.data?.data.map((payment) => (
          <Table.Tr key={payment.id}>
            <Table.Td>{format.date(payment.created)}</Table.Td>
            <Table.Td ff="monospace">{money(payment.amount)}</Table.Td>
            <Table.Td>{t(`methods.${payment.method}`, { defaultValue: payment.method })}</Table.Td>
            <Table.Td ff="monospace">{payment.amount_refunded > 0 ? money(payment.amount_refunded) : '—'}</Table.Td>
            <Table.Td>{payment.reference ?? '—'}</Table.Td>
            <Table.Td ta="right">
              {canRefund && payment.amount_refunded < payment.amount && (
                <Button size="xs" variant="subtle" leftSection={<IconReceiptRefund size={14} />} onClick={() => onRefund(payment)}>
                  {t('actions.refund')}
                </Button>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Section>
      <Section
        title={t('invoices.attempts_title')}
        error={attempts.error}
        pending={attempts.isPending}
        count={attempts.data?.data.length ?? 0}
        empty={t('invoices.no_attempts')}
        head={[t('fields.date'), t('fields.attempt'), t('fields.amount'), t('fields.status'), t('fields.failure')]}
      >
        {attempts.data?.data.map((attempt) => (
          <Table.Tr key={attempt.id}>
            <Table.Td>{format.dateTime(attempt.created)}</Table.Td>
            <Table.Td>{attempt.attempt_number}</Table.Td>
            <Table.Td ff="monospace">{money(attempt.amount)}</Table.Td>
            <Table.Td>
              <StatusBadge status={attempt.status} />
            </Table.Td>
            <Table.Td>{attempt.failure_message ?? attempt.decline_code ?? '—'}</Table.Td>
          </Table.Tr>
        ))}
      </Section>
      <Section
        title={t('invoices.credit_notes')}
        error={creditNotes.error}
        pending={creditNotes.isPending}
        count={creditNotes.data?.data.length ?? 0}
        empty={t('invoices.no_credit_notes')}
        head={[t('fields.date'), t('fields.amount'), t('fields.reason'), t('fields.memo')]}
      >
        {creditNotes.data?.data.map((note) => (
          <Table.Tr key={note.id}>
            <Table.Td>{format.date(note.created)}</Table.Td>
            <Table.Td ff="monospace">{money(note.amount)}</Table.Td>
            <Table.Td>{note.reason ? t(`reasons.${note.reason}`) : '—'}</Table.Td>
            <Table.Td>{note.memo ?? '—'}</Table.Td>
          </Table.Tr>
        ))}
      </Section>
    </Stack>
  );
}
