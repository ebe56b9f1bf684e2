import { Alert, Button, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { api } from '@shared/api.ts';
import { IconAlertCircle, IconRefresh } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../session.tsx';
import { ChartsSkeleton, DashboardCharts } from './charts.tsx';
import { KpiCards, KpiCardsSkeleton } from './kpi-cards.tsx';
import type { Dashboard } from './types.ts';
import { WorkQueue } from './work-queue.tsx';

export const DASHBOARD_QUERY_KEY = ['dashboard'] as const;

/** The back office's home (`/app/`): key figures, two charts and today's collection work. */
export default function DashboardArea() {
  const { t } = useTranslation('app-dashboard');
  const session = useSession();
  const query = useQuery({
    queryKey: [...DASHBOARD_QUERY_KEY, session.business.id, session.business.currency],
    queryFn: () => api<Dashboard>(`/v1/dashboard?currency=${encodeURIComponent(session.business.currency)}`),
  });
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={2}>{t('title')}</Title>
          <Text c="dimmed" size="sm">
            {t('subtitle', { business: session.business.name, currency: session.business.currency.toUpperCase() })}
          </Text>
        </div>
        <Button variant="default" leftSection={<IconRefresh size={16} />} onClick={() => query.refetch()} loading={query.isFetching}>
          {t('refresh')}
        </Button>
      </Group>
      {query.isError && (
        <Alert color="red" icon={<IconAlertCircle />} title={t('error_title')}>
          {query.error.message}
        </Alert>
      )}
      {query.isPending && (
        <>
          <KpiCardsSkeleton />
          <ChartsSkeleton />
          <Skeleton h={200} radius="md" />
        </>
      )}
      {query.data && (
        <>
          <KpiCards data={query.data} />
          <DashboardCharts data={query.data} />
          <WorkQueue data={query.data} />
        </>
      )}
    </Stack>
  );
}
