import { Button, Group, Modal, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { api } from '@shared/api.ts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { showFieldError } from '../customers/shared/form-errors.ts';
import { ErrorAlert } from '../customers/shared/list.tsx';
import { catalogKeys } from './queries.ts';
import type { Product } from './types.ts';

type Values = { name: string; description: string };

/** Create a product, or rename / re-describe one; the server's complaint lands on its field. */
export function ProductFormModal({
  opened,
  onClose,
  product,
  onSaved,
}: {
  opened: boolean;
  onClose: () => void;
  product?: Product;
  onSaved?: (product: Product) => void;
}) {
  const { t } = useTranslation('app-billing');
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { name: '', description: '' },
    validate: { name: (value) => (value.trim() ? null : t('errors.name_required')) },
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the modal opens
  useEffect(() => {
    if (!opened) return;
    form.setValues({ name: product?.name ?? '', description: product?.description ?? '' });
    form.clearErrors();
    setFormError(null);
  }, [opened, product?.id]);

  const save = useMutation({
    mutationFn: (values: Values) =>
      api<Product>(product ? `/v1/products/${product.id}` : '/v1/products', {
        method: 'POST',
        body: { name: values.name.trim(), description: values.description.trim() || null },
      }),
    onSuccess: (saved) => {
      queryClient.setQueryData(catalogKeys.product(saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: catalogKeys.all });
      notifications.show({ color: 'green', message: product ? t('products.saved') : t('products.created', { name: saved.name }) });
      onClose();
      onSaved?.(saved);
    },
    onError: (error) => setFormError(showFieldError(form, error) ? null : error),
  });

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={product ? t('products.edit_title') : t('products.new_title')}
      centered
      closeButtonProps={{ 'aria-label': t('actions.close') }}
    >
      <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
        <Stack>
          <ErrorAlert error={formError} />
          <TextInput label={t('fields.name')} required data-autofocus {...form.getInputProps('name')} />
          <Textarea label={t('fields.description')} autosize minRows={2} maxRows={6} {...form.getInputProps('description')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('actions.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {product ? t('actions.save') : t('products.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
