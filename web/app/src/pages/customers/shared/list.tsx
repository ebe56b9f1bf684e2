import { Alert, Button, Center, Skeleton, Stack, Table, Text, ThemeIcon } from '@mantine/core';
import { api, type ListPage, withQuery } from '@shared/api.ts';
import { IconAlertCircle, IconInbox } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

type Query = Record<string, string | number | boolean | undefined | null>;

/** A Stripe-style cursor list, one "Load more" page at a time (`starting_after` = last id shown). */
export function useCursorList<T extends { id: string }>(
  key: readonly unknown[],
  path: string,
  query: Query = {},
  options: { pageSize?: number; enabled?: boolean } = {},
) {
  const pageSize = options.pageSize ?? 20;
  const result = useInfiniteQuery({
    queryKey: [...key, query, pageSize],
    queryFn: ({ pageParam, signal }) => api<ListPage<T>>(withQuery(path, { ...query, limit: pageSize, starting_after: pageParam }), { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => (last.has_more ? last.data.at(-1)?.id : undefined),
    enabled: options.enabled ?? true,
  });
  return { ...result, items: result.data?.pages.flatMap((page) => page.data) ?? [] };
}

export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  const { t } = useTranslation('app-customers');
  if (!error) return null;
  return (
    <Alert color="red" icon={<IconAlertCircle size={18} />} title={title ?? t('common.error_title')} role="alert">
      {error instanceof Error ? error.message : String(error)}
    </Alert>
  );
}

export function EmptyState({ title, body, action }: { title: string; body?: string; action?: ReactNode }) {
  return (
    <Center py="xl">
      <Stack align="center" gap="xs" maw={420}>
        <ThemeIcon variant="light" size={48} radius="xl" color="gray" aria-hidden>
          <IconInbox size={26} />
        </ThemeIcon>
        <Text fw={600}>{title}</Text>
        {body && (
          <Text size="sm" c="dimmed" ta="center">
            {body}
          </Text>
        )}
        {action}
      </Stack>
    </Center>
  );
}

/** Placeholder rows while a table loads, so the page does not jump when data arrives. */
export function SkeletonRows({ columns, rows = 5 }: { columns: number; rows?: number }) {
  return (
    <>
      {Array.from({ length: rows }, (_, row) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholder rows have no identity
        <Table.Tr key={row}>
          {Array.from({ length: columns }, (_, column) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: placeholder cells have no identity
            <Table.Td key={column}>
              <Skeleton height={14} radius="sm" />
            </Table.Td>
          ))}
        </Table.Tr>
      ))}
    </>
  );
}

type ListLike = { isPending: boolean; error: unknown; items: unknown[]; hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };

/**
 * A table for a cursor list: header, skeleton while loading, server error, empty state, and
 * "Load more". Scrolls sideways on a phone rather than squeezing the columns.
 */
export function ListTable({
  list,
  head,
  children,
  empty,
  minWidth = 640,
  label,
}: {
  list: ListLike;
  head: ReactNode[];
  children: ReactNode;
  empty: ReactNode;
  minWidth?: number;
  label?: string;
}) {
  const { t } = useTranslation('app-customers');
  if (list.error) return <ErrorAlert error={list.error} />;
  if (!list.isPending && list.items.length === 0) return <>{empty}</>;
  return (
    <Stack gap="sm">
      <Table.ScrollContainer minWidth={minWidth}>
        <Table highlightOnHover verticalSpacing="sm" aria-label={label}>
          <Table.Thead>
            <Table.Tr>
              {head.map((cell, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: fixed header cells
                <Table.Th key={index}>{cell}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>{list.isPending ? <SkeletonRows columns={head.length} /> : children}</Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {list.hasNextPage && (
        <Center>
          <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('common.load_more')}
          </Button>
        </Center>
      )}
    </Stack>
  );
}
