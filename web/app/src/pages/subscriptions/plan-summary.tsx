import { Skeleton, Text } from '@mantine/core';
import { api } from '@shared/api.ts';
import { useQueries } from '@tanstack/react-query';
import { usePriceText } from '../catalog/price-text.ts';
import { catalogKeys, usePrice, useProduct } from '../catalog/queries.ts';
import type { Price } from '../catalog/types.ts';
import type { SubscriptionItem } from './types.ts';

/** "Gold × 2" — what one item is: the product (and price nickname) and how many. */
export function ItemName({ item }: { item: Pick<SubscriptionItem, 'price' | 'quantity'> }) {
  const price = usePrice(item.price);
  const product = useProduct(price.data?.product);
  if (price.isPending || (price.data && product.isPending)) return <Skeleton height={12} width={120} />;
  const name = product.data?.name ?? item.price;
  const label = price.data?.nickname ? `${name} · ${price.data.nickname}` : name;
  return (
    <Text size="sm" span>
      {item.quantity > 1 ? `${label} × ${item.quantity}` : label}
    </Text>
  );
}

/** The amount one period costs before tax ("€98.00 per month"), from the items' prices. */
export function PeriodAmount({ items }: { items: Pick<SubscriptionItem, 'price' | 'quantity'>[] }) {
  const text = usePriceText();
  const prices = useQueries({
    queries: items.map((item) => ({ queryKey: catalogKeys.price(item.price), queryFn: () => api<Price>(`/v1/prices/${item.price}`), staleTime: 60_000 })),
  });
  const loaded = prices.map((q) => q.data);
  const first = loaded[0];
  if (!first || loaded.some((p) => !p)) return <Skeleton height={12} width={90} />;
  const total = items.reduce((sum, item, i) => sum + loaded[i]!.unit_amount * item.quantity, 0);
  return (
    <Text size="sm" ff="monospace" span>
      {text.full({ ...first, unit_amount: total })}
    </Text>
  );
}
