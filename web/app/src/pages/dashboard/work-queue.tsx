import { Anchor, Badge, Group, Paper, Table, Text, ThemeIcon, Title } from '@mantine/core';
import { formatDate, formatMoney } from '@shared/format.ts';
import { IconChecks } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { appHref, type Dashboard, type WorkItem, type WorkItemType } from './types.ts';

const TYPE_COLORS: Record<WorkItemType, string> = { card_needed: 'red', reminder_due: 'blue', hand_off: 'grape', task: 'indigo' };
const TYPES: WorkItemType[] = ['card_needed', 'reminder_due', 'hand_off', 'task'];

function Row({ item, data }: { item: WorkItem; data: Dashboard }) {
  const { t, i18n } = useTranslation('app-dashboard');
  return (
    <Table.Tr>
      <Table.Td>
        <Badge color={TYPE_COLORS[item.type]} variant="light" autoContrast>
          {t(`work.type.${item.type}`)}
        </Badge>
        {item.detail && (
          <Text size="xs" c="dimmed" mt={2} lineClamp={1}>
            {item.detail}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Anchor component={Link} href={appHref(`/customers/${item.customer}`)}>
          {item.customer_name}
        </Anchor>
      </Table.Td>
      <Table.Td>
        {item.invoice ? (
          <Anchor component={Link} href={appHref(`/invoices/${item.invoice}`)} ff="monospace" size="sm">
            {item.invoice_number ?? item.invoice}
          </Anchor>
        ) : (
          <Text c="dimmed">—</Text>
        )}
      </Table.Td>
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
        {formatMoney(item.amount, data.currency, i18n.language)}
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(item.at, i18n.language, data.time_zone)}</Table.Td>
      <Table.Td>
        {item.case ? (
          <Anchor component={Link} href={appHref(`/collections/${item.case}`)} size="sm">
            {t('work.open_case')}
          </Anchor>
        ) : null}
      </Table.Td>
    </Table.Tr>
  );
}

/** Today's collection work, grouped by kind, with links to the invoice, the customer and the case. */
export function WorkQueue({ data }: { data: Dashboard }) {
  const { t } = useTranslation('app-dashboard');
  const total = TYPES.reduce((sum, type) => sum + data.work_queue_counts[type], 0);
  return (
    <Paper withBorder radius="md" p="md">
      <Group justify="space-between" mb="sm" wrap="wrap">
        <div>
          <Title order={3} size="h5">
            {t('work.title')}
          </Title>
          <Text size="xs" c="dimmed">
            {t('work.description')}
          </Text>
        </div>
        <Group gap="xs">
          {TYPES.filter((type) => data.work_queue_counts[type] > 0).map((type) => (
            <Badge key={type} color={TYPE_COLORS[type]} variant="light" autoContrast>
              {t(`work.count.${type}`, { count: data.work_queue_counts[type] })}
            </Badge>
          ))}
        </Group>
      </Group>
      {total === 0 ? (
        <Group gap="sm" py="lg" justify="center">
          <ThemeIcon color="teal" variant="light" radius="xl" size="lg" aria-hidden>
            <IconChecks size={20} />
          </ThemeIcon>
          <Text c="dimmed">{t('work.empty')}</Text>
        </Group>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="sm" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('work.column.task')}</Table.Th>
                <Table.Th>{t('work.column.customer')}</Table.Th>
                <Table.Th>{t('work.column.invoice')}</Table.Th>
                <Table.Th ta="right">{t('work.column.amount')}</Table.Th>
                <Table.Th>{t('work.column.when')}</Table.Th>
                <Table.Th>{t('work.column.case')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.work_queue.map((item) => (
                <Row key={`${item.type}:${item.invoice ?? item.case}:${item.at}`} item={item} data={data} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
