import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const COLORS: Record<string, string> = {
  draft: 'gray',
  open: 'blue',
  paid: 'green',
  void: 'dark',
  uncollectible: 'red',
  active: 'green',
  trialing: 'cyan',
  past_due: 'orange',
  paused: 'yellow',
  unpaid: 'red',
  canceled: 'gray',
  completed: 'teal',
  pending: 'yellow',
  succeeded: 'green',
  failed: 'red',
  queued: 'yellow',
  sent: 'green',
};

/** A coloured, translated status word; an unknown status still shows (in English) rather than vanishing. */
export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation('app-customers');
  return (
    <Badge color={COLORS[status] ?? 'gray'} variant="light" radius="sm">
      {t(`status.${status}`, { defaultValue: status.replace(/_/g, ' ') })}
    </Badge>
  );
}
