import { Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { withQuery } from '@shared/api.ts';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../session.tsx';
import { todayIn } from './shared/format.ts';

/** The account statement PDF for a date range (the server's default is the last 90 days). */
export function CustomerStatement({ customerId }: { customerId: string }) {
  const { t } = useTranslation('app-customers');
  const session = useSession();
  const [from, setFrom] = useState(todayIn(session.business.timezone, -90));
  const [to, setTo] = useState(todayIn(session.business.timezone));
  const invalid = Boolean(from && to && from > to);
  const href = withQuery(`/v1/customers/${customerId}/statement.pdf`, { from, to });
  return (
    <Card withBorder padding="lg" maw={560}>
      <Stack>
        <Title order={3} size="h5">
          {t('statement.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('statement.body')}
        </Text>
        <Group grow wrap="wrap">
          <TextInput
            type="date"
            label={t('statement.from')}
            value={from}
            onChange={(event) => setFrom(event.currentTarget.value)}
            error={invalid ? t('statement.range_error') : undefined}
          />
          <TextInput type="date" label={t('statement.to')} value={to} onChange={(event) => setTo(event.currentTarget.value)} />
        </Group>
        <Group>
          <Button component="a" href={invalid ? undefined : href} target="_blank" rel="noopener" leftSection={<IconDownload size={16} />} disabled={invalid}>
            {t('statement.download')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
