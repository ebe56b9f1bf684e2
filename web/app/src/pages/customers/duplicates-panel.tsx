import { Anchor, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { api } from '@shared/api.ts';
import { IconArrowMerge, IconCopy } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { hasRole, useSession } from '../../session.tsx';
import { type DuplicateReason, type MergeChoice, MergeConfirm, ReasonBadges, useMerge } from './duplicates-merge.tsx';
import type { Customer } from './shared/types.ts';

const NS = 'app-requests';

type PossibleDuplicate = { customer: Customer; reasons: DuplicateReason[] };

/**
 * "Possible duplicates" on a client's page: other records that share a contact or the name.
 * Merging one here moves everything it has to this client. Nothing shows when there are none.
 */
export function DuplicatesPanel({ customer }: { customer: Customer }) {
  const { t } = useTranslation(NS);
  const canMerge = hasRole(useSession(), 'manager');
  const [choice, setChoice] = useState<MergeChoice>(null);
  const merge = useMerge(() => setChoice(null));
  const query = useQuery({
    queryKey: ['customer', customer.id, 'duplicates'],
    queryFn: () => api<{ data: PossibleDuplicate[] }>(`/v1/customers/${customer.id}/duplicates`),
  });
  const duplicates = query.data?.data ?? [];
  if (duplicates.length === 0) return null;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="duplicates-title" id="duplicates" data-testid="duplicates-panel" bg="orange.0">
      <Group gap="xs" mb={4} wrap="nowrap">
        <IconCopy size={18} aria-hidden />
        <Title order={3} size="h5" id="duplicates-title">
          {t('duplicates.title')}
        </Title>
      </Group>
      <Text size="sm" mb="sm">
        {t('duplicates.explain', { customer: customer.name })}
      </Text>
      <Stack gap="xs">
        {duplicates.map(({ customer: other, reasons }) => (
          <Group key={other.id} justify="space-between" wrap="wrap" gap="xs" data-testid="duplicate-row">
            <Stack gap={2}>
              <Anchor component={Link} href={`/${other.id}`} fw={500} size="sm">
                {other.name}
              </Anchor>
              <Text size="xs">{[other.email, other.phone].filter(Boolean).join(' · ') || '—'}</Text>
            </Stack>
            <Group gap="sm">
              <ReasonBadges reasons={reasons} />
              {canMerge && (
                <Button
                  size="xs"
                  variant="default"
                  leftSection={<IconArrowMerge size={14} />}
                  onClick={() => setChoice({ keep: customer, duplicate: other })}
                  aria-label={t('duplicates.merge_named', { duplicate: other.name, customer: customer.name })}
                >
                  {t('duplicates.merge')}
                </Button>
              )}
            </Group>
          </Group>
        ))}
      </Stack>
      <MergeConfirm choice={choice} onClose={() => setChoice(null)} merge={merge} />
    </Paper>
  );
}
