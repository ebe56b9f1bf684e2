import { Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';

export function NotFound() {
  const { t } = useTranslation('app');
  return (
    <Stack>
      <Title order={2}>{t('not_found.title')}</Title>
      <Text>{t('not_found.body')}</Text>
      <Link href="/">{t('not_found.home')}</Link>
    </Stack>
  );
}
