import { Anchor, Button, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { IconCopy, IconPlus, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { hasRole, useSession } from '../../session.tsx';
import { CustomerFormModal } from './customer-form.tsx';
import { useFormat } from './shared/format.ts';
import { EmptyState, ListTable, useCursorList } from './shared/list.tsx';
import type { Customer } from './shared/types.ts';

export function CustomerList() {
  const { t } = useTranslation('app-customers');
  const session = useSession();
  const format = useFormat();
  const [, navigate] = useLocation();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const [creating, { open, close }] = useDisclosure();
  const list = useCursorList<Customer>(['customers', 'list'], '/v1/customers', { search: debounced });
  // The server lets every role add customers (POST /v1/customers is minRole staff).
  const canEdit = hasRole(session, 'staff');

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>{t('customers.title')}</Title>
        <Group gap="xs">
          <Button variant="default" component={Link} href="/duplicates" leftSection={<IconCopy size={16} />}>
            {t('app-requests:duplicates.page_title')}
          </Button>
          {canEdit && (
            <Button leftSection={<IconPlus size={16} />} onClick={open}>
              {t('customers.new')}
            </Button>
          )}
        </Group>
      </Group>
      <TextInput
        label={t('customers.search_label')}
        placeholder={t('customers.search_placeholder')}
        leftSection={<IconSearch size={16} />}
        value={search}
        onChange={(event) => setSearch(event.currentTarget.value)}
        maw={420}
      />
      <ListTable
        list={list}
        label={t('customers.title')}
        head={[t('fields.name'), t('fields.email'), t('fields.phone'), t('fields.language'), t('fields.created')]}
        empty={
          debounced ? (
            <EmptyState title={t('customers.no_match', { search: debounced })} />
          ) : (
            <EmptyState
              title={t('customers.empty_title')}
              body={t('customers.empty_body')}
              action={
                canEdit && (
                  <Button onClick={open} leftSection={<IconPlus size={16} />}>
                    {t('customers.new')}
                  </Button>
                )
              }
            />
          )
        }
      >
        {list.items.map((customer) => (
          <Table.Tr key={customer.id} style={{ cursor: 'pointer' }} onClick={() => navigate(`/${customer.id}`)}>
            <Table.Td>
              <Anchor component={Link} href={`/${customer.id}`} fw={500} onClick={(event: React.MouseEvent) => event.stopPropagation()}>
                {customer.name}
              </Anchor>
            </Table.Td>
            <Table.Td>{customer.email ?? '—'}</Table.Td>
            <Table.Td>{customer.phone ?? '—'}</Table.Td>
            <Table.Td>
              <Text size="sm">{customer.preferred_locales[0] ? t(`languages.${customer.preferred_locales[0]}`) : '—'}</Text>
            </Table.Td>
            <Table.Td>{format.date(customer.created)}</Table.Td>
          </Table.Tr>
        ))}
      </ListTable>
      <CustomerFormModal opened={creating} onClose={close} onSaved={(customer) => navigate(`/${customer.id}`)} />
    </Stack>
  );
}
