import { Anchor, Badge, Button, Group, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { hasRole, useSession } from '../../session.tsx';
import { useFormat } from '../customers/shared/format.ts';
import { EmptyState, ListTable, useCursorList } from '../customers/shared/list.tsx';
import { ProductFormModal } from './product-form.tsx';
import type { Product } from './types.ts';

/** Products, offered or archived, newest first; a click opens the product with its prices. */
export function ProductList() {
  const { t } = useTranslation('app-billing');
  const session = useSession();
  const format = useFormat();
  const [, navigate] = useLocation();
  const [show, setShow] = useState<'active' | 'archived'>('active');
  const [creating, { open, close }] = useDisclosure();
  const list = useCursorList<Product>(['catalog', 'products'], '/v1/products', { active: show === 'active' });
  const canEdit = hasRole(session, 'manager');

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <SegmentedControl
          aria-label={t('products.filter_label')}
          value={show}
          onChange={(value) => setShow(value as 'active' | 'archived')}
          data={[
            { value: 'active', label: t('products.filter_active') },
            { value: 'archived', label: t('products.filter_archived') },
          ]}
        />
        {canEdit && (
          <Button leftSection={<IconPlus size={16} />} onClick={open}>
            {t('products.new')}
          </Button>
        )}
      </Group>
      <ListTable
        list={list}
        label={t('products.title')}
        head={[t('fields.name'), t('fields.description'), t('fields.status'), t('fields.created')]}
        minWidth={560}
        empty={
          show === 'archived' ? (
            <EmptyState title={t('products.empty_archived')} />
          ) : (
            <EmptyState
              title={t('products.empty_title')}
              body={t('products.empty_body')}
              action={
                canEdit && (
                  <Button onClick={open} leftSection={<IconPlus size={16} />}>
                    {t('products.new')}
                  </Button>
                )
              }
            />
          )
        }
      >
        {list.items.map((product) => (
          <Table.Tr key={product.id} style={{ cursor: 'pointer' }} onClick={() => navigate(`/${product.id}`)}>
            <Table.Td>
              <Anchor component={Link} href={`/${product.id}`} fw={500} onClick={(event: React.MouseEvent) => event.stopPropagation()}>
                {product.name}
              </Anchor>
            </Table.Td>
            <Table.Td>
              <Text size="sm" c="dimmed" lineClamp={1}>
                {product.description ?? '—'}
              </Text>
            </Table.Td>
            <Table.Td>
              <ActiveBadge active={product.active} />
            </Table.Td>
            <Table.Td>{format.date(product.created)}</Table.Td>
          </Table.Tr>
        ))}
      </ListTable>
      <ProductFormModal opened={creating} onClose={close} onSaved={(product) => navigate(`/${product.id}`)} />
    </Stack>
  );
}

export function ActiveBadge({ active }: { active: boolean }) {
  const { t } = useTranslation('app-billing');
  return (
    <Badge color={active ? 'green' : 'gray'} variant="dot" radius="sm" size="md" maw="none" miw="max-content">
      {t(active ? 'status.active' : 'status.archived')}
    </Badge>
  );
}
