import { ActionIcon, Anchor, Button, Card, Group, Menu, Skeleton, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { api } from '@shared/api.ts';
import { IconArchive, IconArrowBackUp, IconDots, IconPencil, IconPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { hasRole, useSession } from '../../session.tsx';
import { ConfirmModal } from '../customers/shared/confirm.tsx';
import { useFormat } from '../customers/shared/format.ts';
import { EmptyState, ErrorAlert, SkeletonRows } from '../customers/shared/list.tsx';
import { PriceFormModal } from './price-form.tsx';
import { usePriceText } from './price-text.ts';
import { ProductFormModal } from './product-form.tsx';
import { ActiveBadge } from './product-list.tsx';
import { catalogKeys, useProduct, useProductPrices, useTaxRates } from './queries.ts';
import type { Price, Product } from './types.ts';

/** One product: its details, its prices, and the edit / archive actions. */
export function ProductDetail({ id }: { id: string }) {
  const { t } = useTranslation('app-billing');
  const session = useSession();
  const product = useProduct(id);
  const [editing, editModal] = useDisclosure();
  const [archiving, archiveModal] = useDisclosure();
  const canEdit = hasRole(session, 'manager');
  const archive = useSetActive<Product>(archiveModal.close, (saved) => t(saved.active ? 'products.restored' : 'products.archived', { name: saved.name }));
  const path = `/v1/products/${id}`;

  if (product.error) return <ErrorAlert error={product.error} />;
  return (
    <Stack gap="lg">
      <Anchor component={Link} href="/" size="sm">
        {t('products.back')}
      </Anchor>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Stack gap={4}>
          {product.data ? (
            <Group gap="sm">
              <Title order={2}>{product.data.name}</Title>
              <ActiveBadge active={product.data.active} />
            </Group>
          ) : (
            <Skeleton height={28} width={220} />
          )}
          {product.data?.description && (
            <Text c="dimmed" size="sm" maw={640}>
              {product.data.description}
            </Text>
          )}
        </Stack>
        {canEdit && product.data && (
          <Group gap="xs">
            <Button variant="default" leftSection={<IconPencil size={16} />} onClick={editModal.open}>
              {t('actions.edit')}
            </Button>
            {product.data.active ? (
              <Button variant="default" color="red" leftSection={<IconArchive size={16} />} onClick={archiveModal.open}>
                {t('actions.archive')}
              </Button>
            ) : (
              <Button
                variant="default"
                leftSection={<IconArrowBackUp size={16} />}
                onClick={() => archive.mutate({ path, active: true })}
                loading={archive.isPending}
              >
                {t('actions.restore')}
              </Button>
            )}
          </Group>
        )}
      </Group>
      <PriceTable productId={id} canEdit={canEdit} />
      {product.data && (
        <>
          <ProductFormModal opened={editing} onClose={editModal.close} product={product.data} />
          <ConfirmModal
            opened={archiving}
            onClose={archiveModal.close}
            title={t('products.archive_title', { name: product.data.name })}
            body={t('products.archive_body')}
            confirmLabel={t('actions.archive')}
            onConfirm={() => archive.mutate({ path, active: false })}
            pending={archive.isPending}
            error={archive.error}
          />
        </>
      )}
    </Stack>
  );
}

/** Archive (active: false) or restore a catalog entry, with a notification. */
export function useSetActive<T>(onDone: () => void, message: (saved: T) => string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ path, active }: { path: string; active: boolean }) => api<T>(path, { method: 'POST', body: { active } }),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: catalogKeys.all });
      notifications.show({ color: 'green', message: message(saved) });
      onDone();
    },
  });
}

function PriceTable({ productId, canEdit }: { productId: string; canEdit: boolean }) {
  const { t } = useTranslation('app-billing');
  const text = usePriceText();
  const format = useFormat();
  const prices = useProductPrices(productId);
  const taxRates = useTaxRates();
  const [adding, addModal] = useDisclosure();
  const [editing, setEditing] = useState<Price | null>(null);
  const [archiving, setArchiving] = useState<Price | null>(null);
  const archive = useSetActive<Price>(
    () => setArchiving(null),
    (saved) => t(saved.active ? 'prices.restored' : 'prices.archived', { price: text.full(saved) }),
  );
  const rateName = (id: string | null) => {
    const rate = taxRates.data?.data.find((r) => r.id === id);
    return id ? (rate ? text.taxRate(rate) : id) : t('prices.no_tax');
  };
  const rows = prices.data?.data ?? [];

  return (
    <Card withBorder padding="md" radius="md">
      <Group justify="space-between" mb="sm">
        <Title order={3} size="h4">
          {t('prices.title')}
        </Title>
        {canEdit && (
          <Button size="xs" leftSection={<IconPlus size={14} />} onClick={addModal.open}>
            {t('prices.new')}
          </Button>
        )}
      </Group>
      {prices.error ? (
        <ErrorAlert error={prices.error} />
      ) : !prices.isPending && rows.length === 0 ? (
        <EmptyState title={t('prices.empty_title')} body={t('prices.empty_body')} />
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="sm" aria-label={t('prices.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('fields.price')}</Table.Th>
                <Table.Th>{t('fields.nickname')}</Table.Th>
                <Table.Th>{t('fields.tax_rate')}</Table.Th>
                <Table.Th>{t('fields.status')}</Table.Th>
                <Table.Th>{t('fields.created')}</Table.Th>
                {canEdit && (
                  <Table.Th>
                    <VisuallyHidden>{t('fields.actions')}</VisuallyHidden>
                  </Table.Th>
                )}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {prices.isPending ? (
                <SkeletonRows columns={canEdit ? 6 : 5} rows={2} />
              ) : (
                rows.map((price) => (
                  <Table.Tr key={price.id}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {text.full(price)}
                      </Text>
                    </Table.Td>
                    <Table.Td>{price.nickname ?? '—'}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{rateName(price.tax_rate)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <ActiveBadge active={price.active} />
                    </Table.Td>
                    <Table.Td>{format.date(price.created)}</Table.Td>
                    {canEdit && (
                      <Table.Td>
                        <Menu position="bottom-end" withinPortal>
                          <Menu.Target>
                            <ActionIcon variant="subtle" color="gray" aria-label={t('prices.actions_for', { price: text.full(price) })}>
                              <IconDots size={16} />
                            </ActionIcon>
                          </Menu.Target>
                          <Menu.Dropdown>
                            <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => setEditing(price)}>
                              {t('prices.edit_nickname')}
                            </Menu.Item>
                            {price.active ? (
                              <Menu.Item color="red" leftSection={<IconArchive size={14} />} onClick={() => setArchiving(price)}>
                                {t('actions.archive')}
                              </Menu.Item>
                            ) : (
                              <Menu.Item
                                leftSection={<IconArrowBackUp size={14} />}
                                onClick={() => archive.mutate({ path: `/v1/prices/${price.id}`, active: true })}
                              >
                                {t('actions.restore')}
                              </Menu.Item>
                            )}
                          </Menu.Dropdown>
                        </Menu>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))
              )}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <PriceFormModal opened={adding} onClose={addModal.close} productId={productId} />
      <PriceFormModal opened={editing !== null} onClose={() => setEditing(null)} productId={productId} price={editing ?? undefined} />
      <ConfirmModal
        opened={archiving !== null}
        onClose={() => setArchiving(null)}
        title={t('prices.archive_title')}
        body={t('prices.archive_body', { price: archiving ? text.full(archiving) : '' })}
        confirmLabel={t('actions.archive')}
        onConfirm={() => archiving && archive.mutate({ path: `/v1/prices/${archiving.id}`, active: false })}
        pending={archive.isPending}
        error={archive.error}
      />
    </Card>
  );
}
