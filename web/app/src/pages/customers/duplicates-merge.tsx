import { Badge, Group } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { api } from '@shared/api.ts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from './shared/confirm.tsx';
import type { Customer } from './shared/types.ts';

const NS = 'app-requests';

export type DuplicateReason = 'email' | 'phone' | 'telegram' | 'name';

export function ReasonBadges({ reasons }: { reasons: DuplicateReason[] }) {
  const { t } = useTranslation(NS);
  return (
    <Group gap={4}>
      {reasons.map((reason) => (
        <Badge key={reason} variant="light" color="orange" size="sm" autoContrast>
          {t(`duplicates.reason.${reason}`)}
        </Badge>
      ))}
    </Group>
  );
}

/** POST /v1/customers/:keep/merge {duplicate_id}: everything of the duplicate moves to the kept client. */
export function useMerge(onDone: () => void) {
  const { t } = useTranslation(NS);
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ keep, duplicate }: { keep: Customer; duplicate: Customer }) =>
      api<Customer>(`/v1/customers/${keep.id}/merge`, { body: { duplicate_id: duplicate.id } }),
    onSuccess: (_, { keep, duplicate }) => {
      notifications.show({ color: 'teal', message: t('duplicates.merged', { duplicate: duplicate.name, customer: keep.name }) });
      // Balances, invoices, the list and the duplicate groups all change.
      void client.invalidateQueries({ queryKey: ['customer'] });
      void client.invalidateQueries({ queryKey: ['customers'] });
      void client.invalidateQueries({ queryKey: ['requests'] });
      onDone();
    },
  });
}

export type MergeChoice = { keep: Customer; duplicate: Customer } | null;

/** Says what a merge does before it happens: it cannot be undone. */
export function MergeConfirm({ choice, onClose, merge }: { choice: MergeChoice; onClose: () => void; merge: ReturnType<typeof useMerge> }) {
  const { t } = useTranslation(NS);
  return (
    <ConfirmModal
      opened={choice !== null}
      onClose={onClose}
      title={t('duplicates.confirm_title', { duplicate: choice?.duplicate.name ?? '', customer: choice?.keep.name ?? '' })}
      body={t('duplicates.confirm_body', { duplicate: choice?.duplicate.name ?? '', customer: choice?.keep.name ?? '' })}
      confirmLabel={t('duplicates.merge')}
      onConfirm={() => choice && merge.mutate(choice)}
      pending={merge.isPending}
      error={merge.error}
      color="orange"
    />
  );
}
