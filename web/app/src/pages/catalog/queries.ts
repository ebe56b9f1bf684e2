import { api, type ListPage, withQuery } from '@shared/api.ts';
import { useQuery } from '@tanstack/react-query';
import type { Price, Product, TaxRate } from './types.ts';

/** Query keys of the catalog; writes invalidate the `catalog` prefix so every view refreshes. */
export const catalogKeys = {
  all: ['catalog'] as const,
  product: (id: string) => ['catalog', 'product', id] as const,
  price: (id: string) => ['catalog', 'price', id] as const,
  prices: (query: Record<string, unknown>) => ['catalog', 'prices', query] as const,
  taxRates: (query: Record<string, unknown>) => ['catalog', 'tax_rates', query] as const,
  offered: ['catalog', 'offered'] as const,
};

export function useProduct(id: string | null | undefined) {
  return useQuery({ queryKey: catalogKeys.product(id ?? ''), queryFn: () => api<Product>(`/v1/products/${id}`), enabled: Boolean(id), staleTime: 60_000 });
}

export function usePrice(id: string | null | undefined) {
  return useQuery({ queryKey: catalogKeys.price(id ?? ''), queryFn: () => api<Price>(`/v1/prices/${id}`), enabled: Boolean(id), staleTime: 60_000 });
}

/** All prices of one product (a product rarely has more than a page of them). */
export function useProductPrices(productId: string) {
  return useQuery({
    queryKey: catalogKeys.prices({ product: productId }),
    queryFn: () => api<ListPage<Price>>(withQuery('/v1/prices', { product: productId, limit: 100 })),
  });
}

export function useTaxRates(active?: boolean) {
  return useQuery({
    queryKey: catalogKeys.taxRates({ active }),
    queryFn: () => api<ListPage<TaxRate>>(withQuery('/v1/tax_rates', { active, limit: 100 })),
    staleTime: 30_000,
  });
}

export type OfferedPrice = Price & { productName: string };

/**
 * What can be sold right now: active recurring prices of active products, with the product's
 * name, for the subscription pickers. Pages through the whole catalog (a catalog is small).
 */
export function useOfferedPrices() {
  return useQuery({
    queryKey: catalogKeys.offered,
    staleTime: 30_000,
    queryFn: async () => {
      const products = await fetchAll<Product>('/v1/products', { active: true });
      const prices = await fetchAll<Price>('/v1/prices', { active: true });
      const names = new Map(products.map((p) => [p.id, p.name]));
      return prices
        .filter((price) => price.type === 'recurring' && names.has(price.product))
        .map((price): OfferedPrice => ({ ...price, productName: names.get(price.product)! }))
        .sort((a, b) => a.productName.localeCompare(b.productName) || a.unit_amount - b.unit_amount);
    },
  });
}

async function fetchAll<T extends { id: string }>(path: string, query: Record<string, string | number | boolean | undefined>): Promise<T[]> {
  const all: T[] = [];
  let after: string | undefined;
  for (let page = 0; page < 20; page++) {
    const result = await api<ListPage<T>>(withQuery(path, { ...query, limit: 100, starting_after: after }));
    all.push(...result.data);
    if (!result.has_more) break;
    after = result.data.at(-1)?.id;
  }
  return all;
}
