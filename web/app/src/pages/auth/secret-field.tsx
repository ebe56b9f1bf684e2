import { PasswordInput, type PasswordInputProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * A password field whose show/hide toggle is named "Show the characters" rather than Mantine's
 * "Toggle password visibility", so the field is the only thing labelled "Password" on the page.
 */
export function SecretField(props: PasswordInputProps) {
  const { t } = useTranslation('app-auth');
  return <PasswordInput {...props} visibilityToggleButtonProps={{ 'aria-label': t('fields.toggle_visibility') }} />;
}
