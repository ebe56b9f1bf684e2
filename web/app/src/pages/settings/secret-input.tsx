import { Badge, Button, Group, PasswordInput, Text } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { NS } from './common.tsx';

/**
 * A write-only secret: once saved the server never sends it back, so the field is never prefilled.
 * It shows that a value is saved (and its last characters when the server offers them) and a
 * "Replace" button that opens an empty input; `value === null` means "keep the saved one".
 */
export function SecretInput(props: {
  label: string;
  saved: boolean;
  hint?: string | null;
  value: string | null;
  onChange: (value: string | null) => void;
  error?: string;
  disabled?: boolean;
  required?: boolean;
  placeholder?: string;
}) {
  const { t } = useTranslation(NS);
  const editing = props.value !== null || !props.saved;
  if (!editing)
    return (
      <div>
        <Text size="sm" fw={500} mb={4}>
          {props.label}
        </Text>
        <Group gap="sm" wrap="wrap">
          <Badge color="teal" variant="light" leftSection={<IconLock size={12} />} data-testid="secret-saved">
            {props.hint ? t('secret.saved_hint', { hint: props.hint }) : t('secret.saved')}
          </Badge>
          {!props.disabled && (
            <Button size="xs" variant="default" onClick={() => props.onChange('')} aria-label={t('secret.replace_label', { field: props.label })}>
              {t('secret.replace')}
            </Button>
          )}
        </Group>
        {props.error && (
          <Text c="red" size="xs" mt={4} role="alert">
            {props.error}
          </Text>
        )}
      </div>
    );
  return (
    <div>
      <PasswordInput
        label={props.label}
        value={props.value ?? ''}
        onChange={(e) => props.onChange(e.currentTarget.value)}
        error={props.error}
        disabled={props.disabled}
        required={props.required}
        placeholder={props.placeholder}
        autoComplete="new-password"
        description={props.saved ? t('secret.replace_help') : t('secret.write_only')}
      />
      {props.saved && (
        <Button size="xs" variant="subtle" mt={4} onClick={() => props.onChange(null)}>
          {t('secret.keep')}
        </Button>
      )}
    </div>
  );
}
