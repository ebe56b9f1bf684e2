import { Alert, Anchor, Badge, Button, Group, Paper, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { api } from '@shared/api.ts';
import { formatDate, formatMoney } from '@shared/format.ts';
import { IconAlertCircle, IconArrowLeft, IconFileZip } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useSession } from '../../session.tsx';
import { CaseInvoiceCard } from './case-invoice.tsx';
import { CaseMessages, CaseTasks } from './case-messages.tsx';
import { appHref, CASE_STATE_COLORS, type CaseDetail, stepLabel } from './types.ts';

export const caseQueryKey = (id: string) => ['collections', 'case', id] as const;

function Figure({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Paper withBorder radius="md" p="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text fz={20} fw={700} mt={4}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

/** One collection case: what is owed, where each invoice stands on the ladder, what was sent, what to do next. */
export function CasePage({ id }: { id: string }) {
  const { t, i18n } = useTranslation('app-dashboard');
  const { business } = useSession();
  const query = useQuery({ queryKey: caseQueryKey(id), queryFn: () => api<CaseDetail>(`/v1/collections/${encodeURIComponent(id)}`) });
  const date = (at: number | null | undefined) => formatDate(at, i18n.language, business.timezone);
  const back = (
    <Anchor component={Link} href="/" size="sm">
      <Group gap={4} component="span">
        <IconArrowLeft size={14} aria-hidden />
        {t('collections.back')}
      </Group>
    </Anchor>
  );
  if (query.isPending)
    return (
      <Stack>
        {back}
        <Skeleton h={40} w={300} />
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} h={90} radius="md" />
          ))}
        </SimpleGrid>
        <Skeleton h={300} radius="md" />
      </Stack>
    );
  if (query.isError)
    return (
      <Stack>
        {back}
        <Alert color="red" icon={<IconAlertCircle />} title={t('collections.case_error_title')}>
          {query.error.message}
        </Alert>
      </Stack>
    );
  const kase = query.data;
  const money = (minor: number) => formatMoney(minor, kase.currency, i18n.language);
  return (
    <Stack gap="lg">
      {back}
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <div>
          <Group gap="sm" wrap="wrap">
            <Title order={2}>{kase.customer_name}</Title>
            <Badge color={CASE_STATE_COLORS[kase.state]} variant="light" size="lg" autoContrast>
              {t(`collections.state.${kase.state}`)}
            </Badge>
            {kase.written_off && (
              <Badge color="red" variant="outline" autoContrast>
                {t('collections.written_off')}
              </Badge>
            )}
          </Group>
          <Text c="dimmed" size="sm">
            {t('collections.opened_on', { date: date(kase.opened) })}
            {kase.handed_off_at ? ` · ${t('collections.handed_off_on', { date: date(kase.handed_off_at) })}` : ''}
            {kase.closed_at ? ` · ${t('collections.closed_on', { date: date(kase.closed_at) })}` : ''}
          </Text>
        </div>
        <Group gap="xs" wrap="wrap">
          <Button component={Link} href={appHref(`/customers/${kase.customer}`)} variant="default">
            {t('collections.view_customer')}
          </Button>
          <Button component="a" href={`/v1/collections/${encodeURIComponent(kase.id)}/packet`} download leftSection={<IconFileZip size={16} />}>
            {t('collections.download_packet')}
          </Button>
        </Group>
      </Group>
      {kase.state === 'in_collections' && (
        <Alert color="grape" title={t('collections.handed_off_title')}>
          {t('collections.handed_off_body')}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
        <Figure
          label={t('collections.column.amount_due')}
          value={money(kase.amount_overdue)}
          hint={t('collections.invoice_count', { count: kase.invoice_count })}
        />
        <Figure
          label={t('collections.column.days_overdue')}
          value={t('collections.days', { count: kase.days_overdue })}
          hint={t('collections.oldest_due', { date: date(kase.oldest_due_date) })}
        />
        <Figure
          label={t('collections.column.last_step')}
          value={kase.last_step ? stepLabel(t, kase.last_step) : t('collections.no_step_yet')}
          hint={kase.last_step ? date(kase.last_step.at) : undefined}
        />
        <Figure
          label={t('collections.column.next_step')}
          value={kase.next_step ? stepLabel(t, kase.next_step) : t('collections.no_next_step')}
          hint={kase.next_step ? date(kase.next_step.at) : undefined}
        />
      </SimpleGrid>
      <Title order={3} size="h4">
        {t('collections.ladder_title')}
      </Title>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        {kase.invoices.map((invoice) => (
          <CaseInvoiceCard key={invoice.id} invoice={invoice} currency={kase.currency} />
        ))}
      </SimpleGrid>
      {kase.tasks.length > 0 && <CaseTasks kase={kase} />}
      <CaseMessages kase={kase} />
    </Stack>
  );
}
