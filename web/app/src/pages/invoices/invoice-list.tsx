import { Button, Group, ScrollArea, SegmentedControl, Stack, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { hasRole, useSession } from '../../session.tsx';
import { InvoiceTable } from '../customers/shared/invoice-table.tsx';
import { EmptyState, useCursorList } from '../customers/shared/list.tsx';
import type { Invoice } from '../customers/shared/types.ts';

const FILTERS = ['all', 'draft', 'open', 'paid', 'uncollectible', 'void'] as const;

export function InvoiceList() {
  const { t } = useTranslation('app-customers');
  const session = useSession();
  const [status, setStatus] = useState<(typeof FILTERS)[number]>('all');
  const list = useCursorList<Invoice>(['invoices', 'list'], '/v1/invoices', { status: status === 'all' ? undefined : status });
  const canCreate = hasRole(session, 'staff');
  const newButton = canCreate && (
    <Button component={Link} href="/new" leftSection={<IconPlus size={16} />}>
      {t('invoices.new')}
    </Button>
  );
  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>{t('invoices.title')}</Title>
        {newButton}
      </Group>
      <ScrollArea type="auto" offsetScrollbars>
        <SegmentedControl
          aria-label={t('invoices.filter_label')}
          value={status}
          onChange={(value) => setStatus(value as (typeof FILTERS)[number])}
          data={FILTERS.map((filter) => ({ value: filter, label: filter === 'all' ? t('invoices.filter_all') : t(`status.${filter}`) }))}
        />
      </ScrollArea>
      <InvoiceTable
        list={list}
        empty={
          status === 'all' ? (
            <EmptyState title={t('invoices.empty_title')} body={t('invoices.empty_body')} action={newButton} />
          ) : (
            <EmptyState title={t('invoices.empty_filtered', { status: t(`status.${status}`) })} />
          )
        }
      />
    </Stack>
  );
}
