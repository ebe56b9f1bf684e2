import { Button, Group, NumberInput, Progress, Stack, Text } from '@mantine/core';
import { ApiError, api } from '@shared/api.ts';
import { formatDateTime } from '@shared/format.ts';
import { IconPlayerPlay, IconPlayerStop } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../session.tsx';
import { ErrorAlert, NS, notifySaved, Section, SectionSkeleton } from './common.tsx';

type Work = { renewed: number; charged: number; refunded: number; delivered: number; failed: number };
type Clock = { frozen_time: string; work?: Work };

const ZERO: Work = { renewed: 0, charged: 0, refunded: 0, delivered: 0, failed: 0 };

/**
 * Moves a test-mode business's clock forward one day at a time, so the owner sees how far it got
 * and what billing did on the way (renewals, charges, messages), and can stop part-way.
 */
export function TestClockPage() {
  const { t, i18n } = useTranslation(NS);
  const { business } = useSession();
  const client = useQueryClient();
  const clock = useQuery({ queryKey: ['settings', 'test_clock'], queryFn: () => api<Clock>('/v1/test_clock') });
  const [days, setDays] = useState<string | number>(30);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [work, setWork] = useState<Work | null>(null);
  const [error, setError] = useState<unknown>(null);
  const stop = useRef(false);

  const run = async (event: FormEvent) => {
    event.preventDefault();
    const total = Math.trunc(Number(days));
    if (!Number.isFinite(total) || total < 1 || total > 366) return setError(new ApiError(400, 'parameter_invalid', t('clock.days_invalid'), 'days'));
    setError(null);
    stop.current = false;
    const sum = { ...ZERO };
    setWork(sum);
    setProgress({ done: 0, total });
    try {
      for (let done = 1; done <= total && !stop.current; done++) {
        const result = await api<Clock>('/v1/test_clock/advance', { body: { days: 1 } });
        for (const k of Object.keys(sum) as (keyof Work)[]) sum[k] += result.work?.[k] ?? 0;
        setWork({ ...sum });
        setProgress({ done, total });
        client.setQueryData(['settings', 'test_clock'], result);
      }
      notifySaved(t('clock.done'));
    } catch (e) {
      setError(e);
    } finally {
      setProgress(null);
      // Everything billing-related may have changed: refetch what the other pages show.
      void client.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
    }
  };

  const running = progress !== null;
  const fieldError = error instanceof ApiError && error.param === 'days' ? error.message : undefined;
  return (
    <Section title={t('clock.title')} description={t('clock.description')}>
      {clock.isPending ? (
        <SectionSkeleton />
      ) : clock.isError ? (
        <ErrorAlert error={clock.error} />
      ) : (
        <Stack gap="md">
          <Text size="sm">{t('clock.now', { time: formatDateTime(Date.parse(clock.data.frozen_time) / 1000, i18n.language, business.timezone) })}</Text>
          <form onSubmit={run} noValidate>
            <Group align="flex-end" gap="sm" wrap="wrap">
              <NumberInput
                label={t('clock.days')}
                min={1}
                max={366}
                allowDecimal={false}
                value={days}
                onChange={setDays}
                error={fieldError}
                disabled={running}
                w={160}
              />
              {running ? (
                <Button
                  color="red"
                  variant="light"
                  leftSection={<IconPlayerStop size={16} />}
                  onClick={() => {
                    stop.current = true;
                  }}
                >
                  {t('clock.stop')}
                </Button>
              ) : (
                <Button type="submit" leftSection={<IconPlayerPlay size={16} />}>
                  {t('clock.advance')}
                </Button>
              )}
            </Group>
          </form>
          {!fieldError && <ErrorAlert error={error} />}
          {progress && (
            <Stack gap={4}>
              <Progress value={(progress.done / progress.total) * 100} animated striped aria-label={t('clock.progress_label')} />
              <Text size="sm" c="dimmed" aria-live="polite">
                {t('clock.progress', { done: progress.done, total: progress.total })}
              </Text>
            </Stack>
          )}
          {work && (
            <Text size="sm" data-testid="clock-work">
              {t('clock.work', { renewed: work.renewed, charged: work.charged, failed: work.failed, delivered: work.delivered })}
            </Text>
          )}
        </Stack>
      )}
    </Section>
  );
}
