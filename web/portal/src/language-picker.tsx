import { NativeSelect } from '@mantine/core';
import { api } from '@shared/api.ts';
import { isLanguage, LANGUAGES, switchLanguage } from '@shared/i18n.ts';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { keys, PORTAL_API } from './queries.ts';

/** Five languages; a signed-in client's choice is saved on their record (emails and PDFs follow). */
export function LanguagePicker({ signedIn }: { signedIn: boolean }) {
  const { t, i18n } = useTranslation('portal');
  const queryClient = useQueryClient();
  const change = async (value: string | null) => {
    if (!isLanguage(value)) return;
    await switchLanguage(value);
    if (signedIn) {
      const me = await api(`${PORTAL_API}/me`, { body: { language: value } });
      queryClient.setQueryData(keys.me, me);
    }
  };
  return (
    <NativeSelect
      label={t('language')}
      size="xs"
      w={150}
      value={i18n.language}
      data={LANGUAGES.map((l) => ({ value: l.code, label: l.label }))}
      onChange={(event) => change(event.currentTarget.value)}
    />
  );
}
