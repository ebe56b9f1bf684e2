import { Anchor, Select, Skeleton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { api, type ListPage, withQuery } from '@shared/api.ts';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { Customer } from './types.ts';

export const customerKey = (id: string) => ['customer', id] as const;

export function useCustomer(id: string | null | undefined) {
  return useQuery({ queryKey: customerKey(id ?? ''), queryFn: () => api<Customer>(`/v1/customers/${id}`), enabled: Boolean(id), staleTime: 60_000 });
}

/** A customer's name linking to the profile (absolute path: works from any area). */
export function CustomerLink({ id }: { id: string }) {
  const customer = useCustomer(id);
  if (customer.isPending) return <Skeleton height={12} width={100} />;
  return (
    <Anchor component={Link} href={`~/app/customers/${id}`} size="sm" onClick={(event: React.MouseEvent) => event.stopPropagation()}>
      {customer.data?.name ?? id}
    </Anchor>
  );
}

const labelOf = (c: Customer) => (c.email ? `${c.name} · ${c.email}` : c.name);

/** Searchable customer picker backed by the server's search (name, email, phone). */
export function CustomerPicker({
  value,
  onChange,
  error,
  label,
}: {
  value: string | null;
  onChange: (id: string | null, customer: Customer | null) => void;
  error?: React.ReactNode;
  label?: string;
}) {
  const { t } = useTranslation('app-customers');
  const [search, setSearch] = useState('');
  const selected = useCustomer(value);
  // While a customer is chosen the box shows its label: that is not a search.
  const [debounced] = useDebouncedValue(selected.data && search === labelOf(selected.data) ? '' : search, 250);
  const results = useQuery({
    queryKey: ['customers', 'picker', debounced],
    queryFn: () => api<ListPage<Customer>>(withQuery('/v1/customers', { search: debounced, limit: 20 })),
  });
  const options = new Map<string, Customer>();
  if (selected.data) options.set(selected.data.id, selected.data);
  for (const customer of results.data?.data ?? []) options.set(customer.id, customer);
  return (
    <Select
      label={label ?? t('fields.customer')}
      placeholder={t('picker.placeholder')}
      searchable
      clearable
      required
      data={[...options.values()].map((c) => ({ value: c.id, label: labelOf(c) }))}
      value={value}
      onChange={(id) => onChange(id, id ? (options.get(id) ?? null) : null)}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      nothingFoundMessage={results.isFetching ? t('common.loading') : t('picker.nothing_found')}
      error={error}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
