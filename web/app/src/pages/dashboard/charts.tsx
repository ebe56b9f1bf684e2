import { BarChart } from '@mantine/charts';
import { Paper, SimpleGrid, Skeleton, Text, Title } from '@mantine/core';
import { formatMoney } from '@shared/format.ts';
import { useTranslation } from 'react-i18next';
import { AGING_KEYS, type Dashboard } from './types.ts';

function ChartCard({ title, description, children }: { title: string; description: string; children: React.ReactNode }) {
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={3} size="h5">
        {title}
      </Title>
      <Text size="xs" c="dimmed" mb="md">
        {description}
      </Text>
      {children}
    </Paper>
  );
}

export function ChartsSkeleton() {
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }}>
      <Skeleton h={320} radius="md" />
      <Skeleton h={320} radius="md" />
    </SimpleGrid>
  );
}

/** Twelve months of collections and today's receivables by age, as bar charts. */
export function DashboardCharts({ data }: { data: Dashboard }) {
  const { t, i18n } = useTranslation('app-dashboard');
  const money = (minor: number) => formatMoney(minor, data.currency, i18n.language);
  const monthLabel = new Intl.DateTimeFormat(i18n.language, { month: 'short', timeZone: 'UTC' });
  const trend = data.revenue_trend.map((m) => {
    const [year, month] = m.month.split('-').map(Number) as [number, number];
    return { month: monthLabel.format(Date.UTC(year, month - 1, 15)), collected: m.collected };
  });
  const aging = AGING_KEYS.map((key) => ({ bucket: t(`aging.${key}`), amount: data.aging[key] }));
  // Axis ticks in whole units keep the labels short; tooltips show the exact amount.
  const tick = (minor: number) =>
    new Intl.NumberFormat(i18n.language, { style: 'currency', currency: data.currency, notation: 'compact', maximumFractionDigits: 1 }).format(
      minor / 10 ** (new Intl.NumberFormat('en', { style: 'currency', currency: data.currency }).resolvedOptions().maximumFractionDigits ?? 2),
    );
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }}>
      <ChartCard title={t('charts.trend_title')} description={t('charts.trend_description')}>
        <BarChart
          h={260}
          data={trend}
          dataKey="month"
          series={[{ name: 'collected', label: t('charts.collected'), color: 'teal.6' }]}
          valueFormatter={money}
          yAxisProps={{ tickFormatter: tick, width: 70 }}
          tickLine="y"
        />
      </ChartCard>
      <ChartCard title={t('charts.aging_title')} description={t('charts.aging_description')}>
        <BarChart
          h={260}
          data={aging}
          dataKey="bucket"
          series={[{ name: 'amount', label: t('charts.amount'), color: 'orange.6' }]}
          valueFormatter={money}
          yAxisProps={{ tickFormatter: tick, width: 70 }}
          // Every bucket named, wrapped onto two lines where a phone is too narrow for one.
          xAxisProps={{ interval: 0, tick: { fontSize: 11, fill: 'currentColor', width: 56 } }}
          tickLine="y"
        />
      </ChartCard>
    </SimpleGrid>
  );
}
