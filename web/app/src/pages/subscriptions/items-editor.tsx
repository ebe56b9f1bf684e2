import { ActionIcon, Button, Group, NumberInput, Select, Stack, Text } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { api } from '@shared/api.ts';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useQueries } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { usePriceText } from '../catalog/price-text.ts';
import { type OfferedPrice, useOfferedPrices } from '../catalog/queries.ts';
import type { Price, Product } from '../catalog/types.ts';
import type { ItemDraft } from './types.ts';

/**
 * Price + quantity rows of a subscription form. Prices on offer are grouped by product; when one
 * item is chosen the others must bill on the same interval and currency (the server's rule), so
 * incompatible prices are not offered.
 */
export function ItemsEditor<V extends { items: ItemDraft[] }>({ form }: { form: UseFormReturnType<V> }) {
  const { t } = useTranslation('app-billing');
  const text = usePriceText();
  const offered = useOfferedPrices();
  const items = form.getValues().items;
  // A subscription may sit on a price that is no longer offered (archived): still show it by name.
  const missing = offered.data ? items.map((i) => i.price).filter((id): id is string => Boolean(id) && !offered.data.some((o) => o.id === id)) : [];
  const kept = useQueries({
    queries: missing.map((id) => ({
      queryKey: ['catalog', 'offered-price', id],
      queryFn: async (): Promise<OfferedPrice> => {
        const price = await api<Price>(`/v1/prices/${id}`);
        return { ...price, productName: (await api<Product>(`/v1/products/${price.product}`)).name };
      },
    })),
  });
  const all = [...(offered.data ?? []), ...kept.flatMap((q) => (q.data ? [q.data] : []))];
  const chosen = all.find((p) => p.id === items.find((i) => i.price)?.price);
  const compatible = (p: OfferedPrice) =>
    !chosen ||
    (p.currency === chosen.currency &&
      p.recurring?.interval === chosen.recurring?.interval &&
      p.recurring?.interval_count === chosen.recurring?.interval_count);
  const groups = new Map<string, { value: string; label: string }[]>();
  for (const price of all.filter(compatible)) {
    const list = groups.get(price.productName) ?? [];
    list.push({ value: price.id, label: [price.productName, price.nickname, text.full(price)].filter(Boolean).join(' · ') });
    groups.set(price.productName, list);
  }
  const data = [...groups].map(([group, options]) => ({ group, items: options }));
  const priceError = form.errors.items;

  return (
    <Stack gap="xs">
      {items.map((_, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions in the form
        <Group key={index} align="flex-start" gap="xs" wrap="nowrap">
          <Select
            style={{ flex: 1, minWidth: 0 }}
            label={t('fields.price')}
            placeholder={offered.isPending ? t('common.loading') : t('subscriptions.pick_price')}
            searchable
            required
            data={data}
            nothingFoundMessage={t('subscriptions.no_prices')}
            comboboxProps={{ withinPortal: true }}
            {...form.getInputProps(`items.${index}.price`)}
          />
          <NumberInput
            w={96}
            label={t('fields.quantity')}
            required
            min={1}
            max={10_000}
            allowDecimal={false}
            {...form.getInputProps(`items.${index}.quantity`)}
          />
          {items.length > 1 && (
            <ActionIcon
              mt={25}
              size="lg"
              variant="subtle"
              color="red"
              aria-label={t('subscriptions.remove_item', { number: index + 1 })}
              onClick={() => form.removeListItem('items', index)}
            >
              <IconTrash size={16} />
            </ActionIcon>
          )}
        </Group>
      ))}
      {typeof priceError === 'string' && (
        <Text size="sm" c="red" role="alert">
          {priceError}
        </Text>
      )}
      {offered.data && offered.data.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('subscriptions.no_prices_hint')}
        </Text>
      )}
      <Group>
        <Button
          variant="subtle"
          size="compact-sm"
          leftSection={<IconPlus size={14} />}
          // The form's element type is V['items'][number], which is ItemDraft by the constraint on V.
          onClick={() => form.insertListItem('items', { price: null, quantity: 1 } satisfies ItemDraft as never)}
          disabled={items.length >= 20}
        >
          {t('subscriptions.add_item')}
        </Button>
      </Group>
    </Stack>
  );
}

/** The items as the API wants them; null while any row is incomplete. */
export function itemsBody(items: ItemDraft[]): { price: string; quantity: number }[] | null {
  const body = items.map((i) => ({ price: i.price ?? '', quantity: Number(i.quantity) }));
  return body.every((i) => i.price && Number.isInteger(i.quantity) && i.quantity >= 1 && i.quantity <= 10_000) ? body : null;
}
