import { Alert, Anchor, Badge, Button, Center, Group, Paper, Select, Skeleton, Stack, Table, Text, ThemeIcon, Title } from '@mantine/core';
import { api, type ListPage, withQuery } from '@shared/api.ts';
import { formatDate, formatMoney } from '@shared/format.ts';
import { IconAlertCircle, IconMoodSmile } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useSession } from '../../session.tsx';
import { CASE_STATE_COLORS, type CollectionCase, stepLabel } from './types.ts';

const FILTERS = ['queue', 'open', 'in_collections', 'closed', 'all'] as const;
type Filter = (typeof FILTERS)[number];
const PAGE_SIZE = 25;

export const CASES_QUERY_KEY = ['collections', 'cases'] as const;

function CaseRow({ kase }: { kase: CollectionCase }) {
  const { t, i18n } = useTranslation('app-dashboard');
  const { business } = useSession();
  const date = (at: number | null | undefined) => formatDate(at, i18n.language, business.timezone);
  return (
    <Table.Tr>
      <Table.Td>
        <Anchor component={Link} href={`/${kase.id}`} fw={600}>
          {kase.customer_name}
        </Anchor>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{t('collections.invoice_count', { count: kase.invoice_count })}</Text>
        <Text size="xs" c="dimmed">
          {t('collections.oldest_due', { date: date(kase.oldest_due_date) })}
        </Text>
      </Table.Td>
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }} fw={600}>
        {formatMoney(kase.amount_overdue, kase.currency, i18n.language)}
      </Table.Td>
      <Table.Td ta="right">
        <Text size="sm" c={kase.days_overdue > 30 ? 'red.8' : undefined} fw={kase.days_overdue > 30 ? 600 : undefined}>
          {t('collections.days', { count: kase.days_overdue })}
        </Text>
      </Table.Td>
      <Table.Td>
        {kase.last_step ? (
          <>
            <Text size="sm">{stepLabel(t, kase.last_step)}</Text>
            <Text size="xs" c="dimmed">
              {date(kase.last_step.at)}
            </Text>
          </>
        ) : (
          <Text size="sm" c="dimmed">
            {t('collections.no_step_yet')}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {kase.next_step ? (
          <>
            <Text size="sm">{stepLabel(t, kase.next_step)}</Text>
            <Text size="xs" c="dimmed">
              {date(kase.next_step.at)}
            </Text>
          </>
        ) : (
          <Text size="sm" c="dimmed">
            —
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Badge color={CASE_STATE_COLORS[kase.state]} variant="light" autoContrast>
          {t(`collections.state.${kase.state}`)}
        </Badge>
      </Table.Td>
    </Table.Tr>
  );
}

/** The collections work queue: cases most urgent first (amount x days overdue), a page at a time. */
export function CollectionsQueue() {
  const { t } = useTranslation('app-dashboard');
  const [filter, setFilter] = useState<Filter>('queue');
  const query = useInfiniteQuery({
    queryKey: [...CASES_QUERY_KEY, filter],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      api<ListPage<CollectionCase>>(
        withQuery('/v1/collections', { state: filter === 'queue' ? undefined : filter, limit: PAGE_SIZE, starting_after: pageParam }),
      ),
    getNextPageParam: (last) => (last.has_more ? last.data.at(-1)?.id : undefined),
  });
  const cases = query.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={2}>{t('collections.title')}</Title>
          <Text c="dimmed" size="sm">
            {t('collections.subtitle')}
          </Text>
        </div>
        <Select
          label={t('collections.filter_label')}
          data={FILTERS.map((value) => ({ value, label: t(`collections.filter.${value}`) }))}
          value={filter}
          onChange={(value) => value && setFilter(value as Filter)}
          allowDeselect={false}
          w={{ base: '100%', xs: 240 }}
        />
      </Group>
      {query.isError && (
        <Alert color="red" icon={<IconAlertCircle />} title={t('collections.error_title')}>
          {query.error.message}
        </Alert>
      )}
      <Paper withBorder radius="md">
        {query.isPending ? (
          <Stack p="md" gap="sm">
            {[0, 1, 2, 3].map((i) => (
              <Skeleton key={i} h={36} />
            ))}
          </Stack>
        ) : cases.length === 0 ? (
          <Center py={48}>
            <Stack align="center" gap="xs">
              <ThemeIcon color="teal" variant="light" radius="xl" size={48} aria-hidden>
                <IconMoodSmile size={28} />
              </ThemeIcon>
              <Text fw={600}>{t('collections.empty_title')}</Text>
              <Text c="dimmed" size="sm" ta="center">
                {t('collections.empty_body')}
              </Text>
            </Stack>
          </Center>
        ) : (
          <Table.ScrollContainer minWidth={860}>
            <Table verticalSpacing="sm" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('collections.column.customer')}</Table.Th>
                  <Table.Th>{t('collections.column.invoices')}</Table.Th>
                  <Table.Th ta="right">{t('collections.column.amount_due')}</Table.Th>
                  <Table.Th ta="right">{t('collections.column.days_overdue')}</Table.Th>
                  <Table.Th>{t('collections.column.last_step')}</Table.Th>
                  <Table.Th>{t('collections.column.next_step')}</Table.Th>
                  <Table.Th>{t('collections.column.stage')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {cases.map((kase) => (
                  <CaseRow key={kase.id} kase={kase} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
      {query.hasNextPage && (
        <Center>
          <Button variant="default" onClick={() => query.fetchNextPage()} loading={query.isFetchingNextPage}>
            {t('collections.load_more')}
          </Button>
        </Center>
      )}
    </Stack>
  );
}
