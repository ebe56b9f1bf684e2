import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { NS, Section } from './common.tsx';

/** Staff and roles, and the audit log: the staff area's components mount here once they exist. */
export function TeamPage() {
  const { t } = useTranslation(NS);
  return (
    <Section title={t('team.title')} description={t('team.description')}>
      <Text size="sm" c="dimmed">
        {t('team.coming')}
      </Text>
    </Section>
  );
}

export function AuditPage() {
  const { t } = useTranslation(NS);
  return (
    <Section title={t('audit.title')} description={t('audit.description')}>
      <Text size="sm" c="dimmed">
        {t('team.coming')}
      </Text>
    </Section>
  );
}
