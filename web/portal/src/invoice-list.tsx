import { Alert, Anchor, Badge, Button, Group, Paper, Skeleton, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { api } from '@shared/api.ts';
import { formatDate, formatMoney } from '@shared/format.ts';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { errorText } from './errors.ts';
import { PORTAL_API, useInvoices } from './queries.ts';
import type { Invoice, Me } from './types.ts';

const now = () => Date.now() / 1000;
const isOpen = (invoice: Invoice) => invoice.status === 'open' || invoice.status === 'uncollectible';

function StatusBadge({ invoice }: { invoice: Invoice }) {
  const { t } = useTranslation('portal');
  const overdue = isOpen(invoice) && invoice.due_date !== null && invoice.due_date < now();
  const key = overdue ? 'overdue' : invoice.status;
  const color = { open: 'blue', overdue: 'red', paid: 'teal', uncollectible: 'red', void: 'gray' }[key];
  return (
    <Badge color={color} c="dark.7" variant="light">
      {t(`invoices.status.${key}`)}
    </Badge>
  );
}

function PdfLink({ invoice }: { invoice: Invoice }) {
  const { t } = useTranslation('portal');
  return (
    <Anchor href={`${PORTAL_API}/invoices/${invoice.id}/pdf`} download size="sm">
      {t('invoices.download')}
      <VisuallyHidden> ({t('invoices.number', { number: invoice.number ?? invoice.id })})</VisuallyHidden>
    </Anchor>
  );
}

function OpenInvoiceCard({ me, invoice, onPay, focused }: { me: Me; invoice: Invoice; onPay: (invoice: Invoice) => void; focused: boolean }) {
  const { t, i18n } = useTranslation('portal');
  const tz = me.business.timezone;
  const amount = formatMoney(invoice.amount_due, invoice.currency, i18n.language);
  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      shadow={focused ? 'md' : undefined}
      style={focused ? { borderColor: 'var(--mantine-primary-color-filled)' } : undefined}
    >
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Text fw={600}>{t('invoices.number', { number: invoice.number ?? invoice.id })}</Text>
          <StatusBadge invoice={invoice} />
        </Group>
        <Text size="sm" c="gray.7">
          {t('invoices.issued', { date: formatDate(invoice.created, i18n.language, tz) })}
          {invoice.due_date !== null && ` · ${t('invoices.due', { date: formatDate(invoice.due_date, i18n.language, tz) })}`}
        </Text>
        {invoice.lines?.map((line) => (
          <Group key={`${line.description}-${line.amount}`} justify="space-between" wrap="nowrap">
            <Text size="sm">{line.quantity > 1 ? `${line.quantity} × ${line.description}` : line.description}</Text>
            <Text size="sm">{formatMoney(line.amount, invoice.currency, i18n.language)}</Text>
          </Group>
        ))}
        <Group justify="space-between" align="flex-end" wrap="wrap">
          <div>
            <Text size="xs" c="gray.7">
              {t('invoices.amount_due')}
            </Text>
            <Text size="xl" fw={700}>
              {amount}
            </Text>
          </div>
          <Group gap="sm">
            <PdfLink invoice={invoice} />
            <Button onClick={() => onPay(invoice)}>{t('invoices.pay', { amount })}</Button>
          </Group>
        </Group>
      </Stack>
    </Paper>
  );
}

function PaidRow({ me, invoice }: { me: Me; invoice: Invoice }) {
  const { t, i18n } = useTranslation('portal');
  return (
    <Group justify="space-between" wrap="wrap" py="xs" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
      <div>
        <Text size="sm" fw={500}>
          {t('invoices.number', { number: invoice.number ?? invoice.id })}
        </Text>
        <Text size="xs" c="gray.7">
          {invoice.paid_at !== null
            ? t('invoices.paid_on', { date: formatDate(invoice.paid_at, i18n.language, me.business.timezone) })
            : t('invoices.issued', { date: formatDate(invoice.created, i18n.language, me.business.timezone) })}
        </Text>
      </div>
      <Group gap="md">
        <StatusBadge invoice={invoice} />
        <Text size="sm">{formatMoney(invoice.total, invoice.currency, i18n.language)}</Text>
        <PdfLink invoice={invoice} />
      </Group>
    </Group>
  );
}

/** The invoice a link pointed at (the pay link in an invoice PDF or reminder), with its lines. */
function FocusedInvoice({ me, id, onPay }: { me: Me; id: string; onPay: (invoice: Invoice) => void }) {
  const { t } = useTranslation('portal');
  const invoice = useQuery({ queryKey: ['invoice', id], queryFn: () => api<Invoice>(`${PORTAL_API}/invoices/${encodeURIComponent(id)}`), retry: false });
  if (invoice.isPending) return <Skeleton height={160} />;
  if (invoice.error) return <Alert color="red">{errorText(t, invoice.error)}</Alert>;
  return (
    <Stack gap="xs">
      {isOpen(invoice.data) ? (
        <OpenInvoiceCard me={me} invoice={invoice.data} onPay={onPay} focused />
      ) : (
        <Paper withBorder p="md" radius="md">
          <PaidRow me={me} invoice={invoice.data} />
        </Paper>
      )}
      <Anchor component={Link} href="/" size="sm">
        {t('invoices.back')}
      </Anchor>
    </Stack>
  );
}

export function InvoiceSections({ me, focusInvoice, onPay }: { me: Me; focusInvoice?: string; onPay: (invoice: Invoice) => void }) {
  const { t } = useTranslation('portal');
  const invoices = useInvoices();
  if (focusInvoice) return <FocusedInvoice me={me} id={focusInvoice} onPay={onPay} />;
  if (invoices.isPending) {
    return (
      <Stack aria-busy="true">
        <Skeleton height={120} />
        <Skeleton height={80} />
      </Stack>
    );
  }
  if (invoices.error) return <Alert color="red">{errorText(t, invoices.error)}</Alert>;
  const open = invoices.data.data.filter(isOpen);
  const closed = invoices.data.data.filter((i) => !isOpen(i));
  return (
    <>
      <Stack component="section" aria-labelledby="to-pay" gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4" id="to-pay">
            {t('invoices.to_pay')}
          </Title>
          {open.length > 0 && (
            <Text size="sm" c="gray.7">
              {t('invoices.open_count', { count: open.length })}
            </Text>
          )}
        </Group>
        {open.length === 0 ? (
          <Paper withBorder p="md" radius="md">
            <Text c="gray.7">{t('invoices.nothing_to_pay')}</Text>
          </Paper>
        ) : (
          open.map((invoice) => <OpenInvoiceCard key={invoice.id} me={me} invoice={invoice} onPay={onPay} focused={false} />)
        )}
      </Stack>
      <Stack component="section" aria-labelledby="paid" gap={0}>
        <Title order={2} size="h4" id="paid" mb="sm">
          {t('invoices.paid_title')}
        </Title>
        {closed.length === 0 ? (
          <Text c="gray.7">{t('invoices.none_paid')}</Text>
        ) : (
          closed.map((invoice) => <PaidRow key={invoice.id} me={me} invoice={invoice} />)
        )}
      </Stack>
    </>
  );
}
