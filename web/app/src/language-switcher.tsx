import { Select } from '@mantine/core';
import { isLanguage, LANGUAGES, switchLanguage } from '@shared/i18n.ts';
import { useTranslation } from 'react-i18next';

export function LanguageSwitcher() {
  const { t, i18n } = useTranslation('app');
  return (
    <Select
      aria-label={t('shell.language')}
      data={LANGUAGES.map((language) => ({ value: language.code, label: language.label }))}
      value={i18n.language}
      onChange={(value) => {
        if (isLanguage(value)) void switchLanguage(value);
      }}
      allowDeselect={false}
      w={130}
      size="xs"
      comboboxProps={{ withinPortal: true }}
    />
  );
}
