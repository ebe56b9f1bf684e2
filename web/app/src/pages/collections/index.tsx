import { Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Placeholder: this area is being built. */
export default function CollectionsArea() {
  const { t } = useTranslation('app');
  return <Title order={2}>{t('nav.collections')}</Title>;
}
