import { Anchor, Badge, Button, Group, Modal, Paper, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { api } from '@shared/api.ts';
import { formatDate, formatMoney } from '@shared/format.ts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { hasRole, useSession } from '../../session.tsx';
import { LadderTimeline } from './ladder.tsx';
import { appHref, type CaseInvoice } from './types.ts';

const REMINDER_COLORS: Record<CaseInvoice['reminders'], string> = { active: 'blue', paused: 'indigo', finished: 'gray', handed_off: 'grape', closed: 'gray' };

/** Writing an invoice off (uncollectible) moves what is owed to bad debt and stops its reminders. */
function WriteOffButton({ invoice, currency }: { invoice: CaseInvoice; currency: string }) {
  const { t, i18n } = useTranslation('app-dashboard');
  const [opened, { open, close }] = useDisclosure(false);
  const client = useQueryClient();
  const mutation = useMutation({
    mutationFn: () => api(`/v1/invoices/${encodeURIComponent(invoice.id)}/mark_uncollectible`, { method: 'POST' }),
    onSuccess: async () => {
      close();
      notifications.show({
        color: 'teal',
        title: t('collections.write_off_done_title'),
        message: t('collections.write_off_done', { number: invoice.number ?? invoice.id }),
      });
      await Promise.all([
        client.invalidateQueries({ queryKey: ['collections'] }),
        client.invalidateQueries({ queryKey: ['dashboard'] }),
        client.invalidateQueries({ queryKey: ['invoices'] }),
      ]);
    },
  });
  return (
    <>
      <Button size="xs" color="red" variant="light" onClick={open}>
        {t('collections.write_off')}
      </Button>
      <Modal opened={opened} onClose={close} title={t('collections.write_off_confirm_title')} centered>
        <Stack>
          <Text size="sm">
            {t('collections.write_off_confirm', {
              number: invoice.number ?? invoice.id,
              amount: formatMoney(invoice.amount_remaining, currency, i18n.language),
            })}
          </Text>
          {mutation.isError && (
            <Text c="red.8" size="sm" role="alert">
              {mutation.error.message}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('collections.cancel')}
            </Button>
            <Button color="red.9" loading={mutation.isPending} onClick={() => mutation.mutate()}>
              {t('collections.write_off')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

/** One invoice of the case with its ladder progress and what can be done about it. */
export function CaseInvoiceCard({ invoice, currency }: { invoice: CaseInvoice; currency: string }) {
  const { t, i18n } = useTranslation('app-dashboard');
  const session = useSession();
  const money = (minor: number) => formatMoney(minor, currency, i18n.language);
  return (
    <Paper withBorder radius="md" p="md" data-invoice={invoice.id}>
      <Group justify="space-between" align="flex-start" mb="md" wrap="wrap">
        <div>
          <Anchor component={Link} href={appHref(`/invoices/${invoice.id}`)} fw={600} ff="monospace">
            {invoice.number ?? invoice.id}
          </Anchor>
          <Text size="sm">{t('collections.remaining_of_total', { remaining: money(invoice.amount_remaining), total: money(invoice.total) })}</Text>
          <Text size="xs" c="dimmed">
            {t('collections.due_on', { date: formatDate(invoice.due_date, i18n.language, session.business.timezone) })}
          </Text>
        </div>
        <Stack gap={6} align="flex-end">
          <Badge color={REMINDER_COLORS[invoice.reminders]} variant="light" autoContrast>
            {t(`collections.reminders.${invoice.reminders}`)}
          </Badge>
          {invoice.status === 'open' && hasRole(session, 'manager') && <WriteOffButton invoice={invoice} currency={currency} />}
        </Stack>
      </Group>
      <LadderTimeline steps={invoice.steps} />
    </Paper>
  );
}
