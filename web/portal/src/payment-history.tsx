import { Alert, Badge, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { formatDate, formatMoney } from '@shared/format.ts';
import { useTranslation } from 'react-i18next';
import { errorText } from './errors.ts';
import { usePayments } from './queries.ts';
import type { HistoryEntry, Me } from './types.ts';

const STATUS_COLOR: Record<string, string> = { succeeded: 'teal', refunded: 'gray', partially_refunded: 'yellow', pending: 'blue', failed: 'red' };

function Entry({ me, entry }: { me: Me; entry: HistoryEntry }) {
  const { t, i18n } = useTranslation('portal');
  const refund = entry.object === 'refund';
  const amount = formatMoney(refund ? -entry.amount : entry.amount, entry.currency, i18n.language);
  return (
    <Group justify="space-between" wrap="wrap" py="xs" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
      <div>
        <Text size="sm" fw={500}>
          {refund ? t('payments.refund') : t('payments.payment')}
          {entry.method && ` · ${t(`payments.method.${entry.method}`, { defaultValue: entry.method })}`}
        </Text>
        <Text size="xs" c="gray.7">
          {formatDate(entry.created, i18n.language, me.business.timezone)}
          {entry.invoice_number && ` · ${t('payments.for_invoice', { number: entry.invoice_number })}`}
        </Text>
      </div>
      <Group gap="sm">
        <Badge variant="light" color={STATUS_COLOR[entry.status] ?? 'gray'} c="dark.7">
          {t(`payments.status.${entry.status}`, { defaultValue: entry.status })}
        </Badge>
        <Text size="sm" fw={500}>
          {amount}
        </Text>
      </Group>
    </Group>
  );
}

/** Every payment and refund, newest first. */
export function PaymentHistory({ me }: { me: Me }) {
  const { t } = useTranslation('portal');
  const payments = usePayments();
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="history-title">
      <Title order={2} size="h4" id="history-title" mb="sm">
        {t('payments.title')}
      </Title>
      {payments.isPending ? (
        <Stack aria-busy="true">
          <Skeleton height={32} />
          <Skeleton height={32} />
        </Stack>
      ) : payments.error ? (
        <Alert color="red">{errorText(t, payments.error)}</Alert>
      ) : payments.data.data.length === 0 ? (
        <Text c="gray.7">{t('payments.none')}</Text>
      ) : (
        payments.data.data.map((entry) => <Entry key={entry.id} me={me} entry={entry} />)
      )}
    </Paper>
  );
}
