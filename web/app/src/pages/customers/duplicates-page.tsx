import { Anchor, Badge, Button, Card, Group, Radio, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconArrowLeft, IconArrowMerge } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { hasRole, useSession } from '../../session.tsx';
import { type DuplicateReason, type MergeChoice, MergeConfirm, useMerge } from './duplicates-merge.tsx';
import { useFormat } from './shared/format.ts';
import { EmptyState, ErrorAlert, useCursorList } from './shared/list.tsx';
import type { Customer } from './shared/types.ts';

const NS = 'app-requests';

type DuplicateGroup = {
  id: string;
  customers: Customer[];
  matches: { reason: DuplicateReason; value: string; customers: string[] }[];
};

/** `/app/customers/duplicates`: every set of records that look like one person, to merge them. */
export function DuplicatesPage() {
  const { t } = useTranslation(NS);
  const list = useCursorList<DuplicateGroup>(['customers', 'duplicate-groups'], '/v1/customer_duplicates');
  return (
    <Stack gap="md">
      <Anchor component={Link} href="/" size="sm">
        <Group gap={4} wrap="nowrap">
          <IconArrowLeft size={14} aria-hidden />
          {t('duplicates.back')}
        </Group>
      </Anchor>
      <Title order={2}>{t('duplicates.page_title')}</Title>
      <Text size="sm" c="dimmed">
        {t('duplicates.page_intro')}
      </Text>
      {list.error ? (
        <ErrorAlert error={list.error} />
      ) : !list.isPending && list.items.length === 0 ? (
        <EmptyState title={t('duplicates.none')} />
      ) : (
        list.items.map((group) => <GroupCard key={group.id} group={group} />)
      )}
      {list.hasNextPage && (
        <Group justify="center">
          <Button variant="default" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            {t('duplicates.more')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

/** One group: pick the record to keep (the oldest by default: it has the history), merge the others into it. */
function GroupCard({ group }: { group: DuplicateGroup }) {
  const { t } = useTranslation(NS);
  const session = useSession();
  const format = useFormat();
  const oldest = group.customers.at(-1)!;
  const [keepId, setKeepId] = useState(oldest.id);
  const keep = group.customers.find((c) => c.id === keepId) ?? oldest;
  const [choice, setChoice] = useState<MergeChoice>(null);
  const merge = useMerge(() => setChoice(null));
  const canMerge = hasRole(session, 'manager');
  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      component="section"
      aria-label={t('duplicates.group_label', { customer: keep.name })}
      data-testid="duplicate-group"
    >
      <Group gap={6} mb="sm" wrap="wrap">
        {group.matches.map((m) => (
          <Badge key={`${m.reason}:${m.value}`} variant="light" color="orange" autoContrast style={{ textTransform: 'none' }}>
            {t(`duplicates.reason.${m.reason}`)}: {m.value}
          </Badge>
        ))}
      </Group>
      <Radio.Group value={keepId} onChange={setKeepId} aria-label={t('duplicates.keep_label')}>
        <Table.ScrollContainer minWidth={620}>
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('duplicates.keep')}</Table.Th>
                <Table.Th>{t('duplicates.client')}</Table.Th>
                <Table.Th>{t('duplicates.contacts')}</Table.Th>
                <Table.Th>{t('duplicates.created')}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t('duplicates.actions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {group.customers.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>
                    <Radio value={c.id} aria-label={t('duplicates.keep_named', { customer: c.name })} />
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} href={`/${c.id}`} fw={500} size="sm">
                      {c.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{[c.email, c.phone, c.telegram].filter(Boolean).join(' · ') || '—'}</Text>
                  </Table.Td>
                  <Table.Td>{format.date(c.created)}</Table.Td>
                  <Table.Td>
                    {canMerge && c.id !== keep.id && (
                      <Button
                        size="xs"
                        variant="default"
                        leftSection={<IconArrowMerge size={14} />}
                        onClick={() => setChoice({ keep, duplicate: c })}
                        aria-label={t('duplicates.merge_named', { duplicate: c.name, customer: keep.name })}
                      >
                        {t('duplicates.merge')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Radio.Group>
      <MergeConfirm choice={choice} onClose={() => setChoice(null)} merge={merge} />
    </Card>
  );
}
