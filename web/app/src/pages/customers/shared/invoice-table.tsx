import { Anchor, Badge, Group, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { CustomerLink } from './customer-ref.tsx';
import { useFormat } from './format.ts';
import { ListTable, type useCursorList } from './list.tsx';
import { StatusBadge } from './status.tsx';
import type { Invoice } from './types.ts';

/** Invoices as a table (number, customer, status, amounts, due date), used by the list and the profile. */
export function InvoiceTable({
  list,
  empty,
  showCustomer = true,
}: {
  list: ReturnType<typeof useCursorList<Invoice>>;
  empty: ReactNode;
  showCustomer?: boolean;
}) {
  const { t } = useTranslation('app-customers');
  const format = useFormat();
  const [, navigate] = useLocation();
  const head = [
    t('fields.number'),
    ...(showCustomer ? [t('fields.customer')] : []),
    t('fields.status'),
    t('fields.total'),
    t('fields.amount_remaining'),
    t('fields.due_date'),
    t('fields.created'),
  ];
  return (
    <ListTable list={list} head={head} empty={empty} minWidth={showCustomer ? 760 : 640} label={t('invoices.title')}>
      {list.items.map((invoice) => {
        const overdue = invoice.status === 'open' && invoice.due_date !== null && invoice.due_date * 1000 < Date.now();
        return (
          <Table.Tr key={invoice.id} style={{ cursor: 'pointer' }} onClick={() => navigate(`~/app/invoices/${invoice.id}`)}>
            <Table.Td>
              <Anchor component={Link} href={`~/app/invoices/${invoice.id}`} fw={500} onClick={(event: React.MouseEvent) => event.stopPropagation()}>
                {invoice.number ?? t('invoices.draft_number')}
              </Anchor>
            </Table.Td>
            {showCustomer && (
              <Table.Td>
                <CustomerLink id={invoice.customer} />
              </Table.Td>
            )}
            <Table.Td>
              <Group gap={4} wrap="nowrap">
                <StatusBadge status={invoice.status} />
                {overdue && (
                  <Badge color="red" variant="outline" radius="sm">
                    {t('invoices.overdue')}
                  </Badge>
                )}
              </Group>
            </Table.Td>
            <Table.Td>
              <Text size="sm" ff="monospace">
                {format.money(invoice.total, invoice.currency)}
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm" ff="monospace">
                {format.money(invoice.amount_remaining, invoice.currency)}
              </Text>
            </Table.Td>
            <Table.Td>{format.date(invoice.due_date)}</Table.Td>
            <Table.Td>{format.date(invoice.created)}</Table.Td>
          </Table.Tr>
        );
      })}
    </ListTable>
  );
}
