import { Button, Center, Group, Modal, Stack, Text } from '@mantine/core';
import type { ListPage } from '@shared/api.ts';
import { type InfiniteData, type QueryKey, useInfiniteQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NS } from './common.tsx';

/** A cursor-paginated list: pages follow `starting_after` = the last id of the page before. */
export function useCursorList<T extends { id: string }>(key: QueryKey, fetchPage: (startingAfter?: string) => Promise<ListPage<T>>) {
  const query = useInfiniteQuery<ListPage<T>, Error, InfiniteData<ListPage<T>>, QueryKey, string | undefined>({
    queryKey: key,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: undefined,
    getNextPageParam: (last) => (last.has_more ? last.data[last.data.length - 1]?.id : undefined),
  });
  return { ...query, items: query.data?.pages.flatMap((p) => p.data) ?? [] };
}

export function LoadMore({ hasMore, loading, onClick }: { hasMore: boolean; loading: boolean; onClick: () => void }) {
  const { t } = useTranslation(NS);
  if (!hasMore) return null;
  return (
    <Center mt="md">
      <Button variant="default" loading={loading} onClick={onClick}>
        {t('common.load_more')}
      </Button>
    </Center>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <Stack align="center" gap={6} py="xl" px="md" style={{ border: '1px dashed var(--mantine-color-gray-4)', borderRadius: 8 }}>
      <Text fw={600}>{title}</Text>
      {children}
    </Stack>
  );
}

/** A confirmation before something that cannot be taken back. */
export function ConfirmModal(props: {
  opened: boolean;
  title: string;
  body: ReactNode;
  confirm: string;
  loading?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation(NS);
  return (
    <Modal closeButtonProps={{ 'aria-label': t('common.close') }} opened={props.opened} onClose={props.onClose} title={props.title} centered>
      <Text size="sm">{props.body}</Text>
      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={props.onClose}>
          {t('common.cancel')}
        </Button>
        <Button color="red" loading={props.loading} onClick={props.onConfirm}>
          {props.confirm}
        </Button>
      </Group>
    </Modal>
  );
}
