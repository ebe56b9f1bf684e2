import { Alert, Button, Card, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { ApiError } from '@shared/api.ts';
import { IconAlertCircle } from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';

export const NS = 'app-settings';

/** A settings card: a heading, what it is for, the form, and the save row. */
export function Section({ title, description, children, actions }: { title: string; description?: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-label={title}>
      <Group justify="space-between" align="flex-start" mb="md" wrap="wrap" gap="sm">
        <div>
          <Title order={3} size="h4">
            {title}
          </Title>
          {description && (
            <Text size="sm" c="dimmed" mt={4}>
              {description}
            </Text>
          )}
        </div>
        {actions}
      </Group>
      {children}
    </Card>
  );
}

export function SectionSkeleton() {
  return (
    <Stack gap="sm" aria-busy="true">
      <Skeleton height={20} width="40%" />
      <Skeleton height={36} />
      <Skeleton height={36} />
      <Skeleton height={36} width="60%" />
    </Stack>
  );
}

/** The server's own message, so the owner reads what was wrong, not "error". */
export function ErrorAlert({ error }: { error: unknown }) {
  const { t } = useTranslation(NS);
  if (!error) return null;
  const message = error instanceof ApiError ? error.message : error instanceof Error ? error.message : String(error);
  return (
    <Alert color="red" icon={<IconAlertCircle size={18} />} title={t('common.error_title')} role="alert">
      {message}
    </Alert>
  );
}

/**
 * Field errors from an ApiError: `param` names the field (`steps[2].offset_days`, `host`); the
 * message goes under that field and nowhere else. Errors without a param go to the form alert.
 */
export function useFieldErrors() {
  const [fields, setFields] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<unknown>(null);
  return {
    fields,
    general,
    of: (name: string) => fields[name],
    clear() {
      setFields({});
      setGeneral(null);
    },
    take(error: unknown) {
      if (error instanceof ApiError && error.param) {
        setFields({ [error.param]: error.message });
        setGeneral(null);
      } else {
        setFields({});
        setGeneral(error);
      }
    },
  };
}

export function notifySaved(message: string) {
  notifications.show({ color: 'teal', message });
}

export function SaveRow({ loading, disabled, label }: { loading: boolean; disabled?: boolean; label?: string }) {
  const { t } = useTranslation(NS);
  return (
    <Group justify="flex-end" mt="md">
      <Button type="submit" loading={loading} disabled={disabled}>
        {label ?? t('common.save')}
      </Button>
    </Group>
  );
}

/** Shown to managers and staff on forms only an owner may save. */
export function OwnerOnlyNote({ show }: { show: boolean }) {
  const { t } = useTranslation(NS);
  if (!show) return null;
  return (
    <Alert color="gray" variant="light" mb="md">
      {t('common.owner_only')}
    </Alert>
  );
}
