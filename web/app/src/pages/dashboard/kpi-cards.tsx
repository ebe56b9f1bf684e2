import { Paper, SimpleGrid, Skeleton, Text } from '@mantine/core';
import { formatMoney } from '@shared/format.ts';
import { useTranslation } from 'react-i18next';
import type { Dashboard } from './types.ts';

type Kpi = { key: string; label: string; value: string; hint: string; tone?: 'red' };

function KpiCard({ kpi }: { kpi: Kpi }) {
  return (
    <Paper withBorder radius="md" p="md" data-kpi={kpi.key}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {kpi.label}
      </Text>
      <Text fz={26} fw={700} mt={4} c={kpi.tone === 'red' ? 'red.8' : undefined} data-testid={`kpi-${kpi.key}`}>
        {kpi.value}
      </Text>
      <Text size="xs" c="dimmed" mt={4}>
        {kpi.hint}
      </Text>
    </Paper>
  );
}

const GRID = { base: 1, sm: 2, lg: 5 };

export function KpiCardsSkeleton() {
  return (
    <SimpleGrid cols={GRID}>
      {[0, 1, 2, 3, 4].map((i) => (
        <Skeleton key={i} h={104} radius="md" />
      ))}
    </SimpleGrid>
  );
}

/** The five figures an owner checks first, in the UI language and the dashboard's currency. */
export function KpiCards({ data }: { data: Dashboard }) {
  const { t, i18n } = useTranslation('app-dashboard');
  const money = (minor: number) => formatMoney(minor, data.currency, i18n.language);
  const [year, month] = data.month.split('-').map(Number) as [number, number];
  const monthName = new Intl.DateTimeFormat(i18n.language, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(year, month - 1, 15));
  const overdueShare = data.outstanding > 0 ? Math.round((data.overdue / data.outstanding) * 100) : 0;
  const kpis: Kpi[] = [
    { key: 'collected', label: t('kpi.collected'), value: money(data.collected_this_month), hint: t('kpi.collected_hint', { month: monthName }) },
    { key: 'outstanding', label: t('kpi.outstanding'), value: money(data.outstanding), hint: t('kpi.outstanding_hint') },
    {
      key: 'overdue',
      label: t('kpi.overdue'),
      value: money(data.overdue),
      hint: t('kpi.overdue_hint', { percent: overdueShare }),
      tone: data.overdue > 0 ? 'red' : undefined,
    },
    { key: 'mrr', label: t('kpi.mrr'), value: money(data.mrr), hint: t('kpi.mrr_hint') },
    {
      key: 'recovery',
      label: t('kpi.recovery'),
      value:
        data.recovery_rate === null ? '—' : new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 0 }).format(data.recovery_rate),
      hint:
        data.recovery_rate === null
          ? t('kpi.recovery_none', { days: data.recovery.window_days })
          : t('kpi.recovery_hint', { recovered: data.recovery.recovered, failed: data.recovery.failed_first_charges, days: data.recovery.window_days }),
    },
  ];
  return (
    <SimpleGrid cols={GRID}>
      {kpis.map((kpi) => (
        <KpiCard key={kpi.key} kpi={kpi} />
      ))}
    </SimpleGrid>
  );
}
