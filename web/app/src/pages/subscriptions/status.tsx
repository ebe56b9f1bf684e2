import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const COLORS: Record<string, string> = { active: 'green', trialing: 'cyan', past_due: 'orange', unpaid: 'red', paused: 'yellow', canceled: 'gray' };

/** The status as a dot badge: the dot carries the colour, the text stays dark enough to read. */
export function SubscriptionStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation('app-billing');
  return (
    <Badge color={COLORS[status] ?? 'gray'} variant="dot" radius="sm" size="md" maw="none" miw="max-content">
      {t(`status.${status}`, { defaultValue: status.replace(/_/g, ' ') })}
    </Badge>
  );
}
