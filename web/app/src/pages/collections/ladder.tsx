import { Badge, Text, Timeline } from '@mantine/core';
import { formatDate } from '@shared/format.ts';
import { IconCheck, IconClock, IconPlayerPause, IconPlayerSkipForward, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../session.tsx';
import { type CaseStep, type StepStatus, stepLabel } from './types.ts';

const STATUS_COLORS: Record<StepStatus, string> = {
  done: 'teal',
  skipped: 'gray',
  scheduled: 'blue',
  paused: 'indigo',
  stopped: 'gray',
  not_applicable: 'gray',
};

function bullet(status: StepStatus) {
  if (status === 'done') return <IconCheck size={12} />;
  if (status === 'skipped') return <IconPlayerSkipForward size={12} />;
  if (status === 'paused') return <IconPlayerPause size={12} />;
  if (status === 'scheduled') return <IconClock size={12} />;
  return <IconX size={12} />;
}

function offsetText(t: (key: string, options?: Record<string, unknown>) => string, days: number): string {
  if (days < 0) return t('collections.step_before', { count: -days });
  if (days === 0) return t('collections.step_on_due');
  return t('collections.step_after', { count: days });
}

/** One invoice's reminder ladder: the steps done (with their messages) and the ones still to come. */
export function LadderTimeline({ steps }: { steps: CaseStep[] }) {
  const { t, i18n } = useTranslation('app-dashboard');
  const { business } = useSession();
  const date = (at: number | null) => formatDate(at, i18n.language, business.timezone);
  const lastDone = steps.reduce((last, step, i) => (step.status === 'done' || step.status === 'skipped' ? i : last), -1);
  return (
    <Timeline active={lastDone} bulletSize={22} lineWidth={2} color="teal">
      {steps.map((step) => (
        <Timeline.Item
          key={step.key}
          bullet={bullet(step.status)}
          color={STATUS_COLORS[step.status]}
          title={
            <Text fw={600} size="sm" component="span">
              {stepLabel(t, step)}{' '}
              <Badge size="xs" variant="light" color={STATUS_COLORS[step.status]} autoContrast ml={4}>
                {t(`collections.step_status.${step.status}`)}
              </Badge>
            </Text>
          }
        >
          <Text size="xs" c="dimmed">
            {offsetText(t, step.offset_days)} ·{' '}
            {step.executed_at
              ? t('collections.step_done_on', { date: date(step.executed_at) })
              : t('collections.step_planned_for', { date: date(step.scheduled_for) })}
          </Text>
          {step.messages.map((m) => (
            <Text key={m.id} size="xs" mt={2}>
              {t(`collections.channel.${m.channel}`, { defaultValue: m.channel })} → {m.recipient} (
              {t(`collections.message_status.${m.status}`, { defaultValue: m.status })})
            </Text>
          ))}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
