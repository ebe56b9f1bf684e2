import { Button, Group, Modal, Radio, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { api } from '@shared/api.ts';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../customers/shared/format.ts';
import { ErrorAlert } from '../customers/shared/list.tsx';
import { useRefreshSubscription } from './queries.ts';
import type { Subscription } from './types.ts';

/** Cancel now or at the end of the paid period, with what each choice means spelled out. */
export function CancelSubscriptionModal({ opened, onClose, subscription }: { opened: boolean; onClose: () => void; subscription: Subscription }) {
  const { t } = useTranslation('app-billing');
  const format = useFormat();
  const refresh = useRefreshSubscription();
  const periodEnd = format.date(subscription.current_period_end);
  // Nothing to wait for when the end is already scheduled or billing is paused. (A period that is
  // already over by the business's clock, which may be a test clock, is canceled now by the server.)
  const canWait = !subscription.cancel_at_period_end && subscription.status !== 'paused';
  const [when, setWhen] = useState<'period_end' | 'now'>(canWait ? 'period_end' : 'now');

  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the modal opens
  useEffect(() => {
    if (opened) {
      setWhen(canWait ? 'period_end' : 'now');
      cancel.reset();
    }
  }, [opened]);

  const cancel = useMutation({
    mutationFn: () => api<Subscription>(`/v1/subscriptions/${subscription.id}/cancel`, { method: 'POST', body: { at_period_end: when === 'period_end' } }),
    onSuccess: (saved) => {
      refresh(saved);
      notifications.show({ color: 'green', message: saved.status === 'canceled' ? t('cancel.done_now') : t('cancel.done_period_end', { date: periodEnd }) });
      onClose();
    },
  });

  return (
    <Modal opened={opened} onClose={onClose} title={t('cancel.title')} centered size="lg" closeButtonProps={{ 'aria-label': t('actions.close') }}>
      <Stack>
        <ErrorAlert error={cancel.error} />
        <Radio.Group value={when} onChange={(value) => setWhen(value as 'period_end' | 'now')} label={t('cancel.when')}>
          <Stack gap="sm" mt="xs">
            {canWait && (
              <Radio
                value="period_end"
                label={t('cancel.period_end_label', { date: periodEnd })}
                description={t('cancel.period_end_hint', { date: periodEnd })}
              />
            )}
            <Radio value="now" label={t('cancel.now_label')} description={t('cancel.now_hint')} />
          </Stack>
        </Radio.Group>
        {subscription.cancel_at_period_end && (
          <Text size="sm" c="dimmed">
            {t('cancel.already_scheduled', { date: periodEnd })}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('cancel.keep')}
          </Button>
          <Button color="red" onClick={() => cancel.mutate()} loading={cancel.isPending}>
            {when === 'now' ? t('cancel.confirm_now') : t('cancel.confirm_period_end')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
