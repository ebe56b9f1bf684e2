import { Anchor, Table, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useFormat } from './shared/format.ts';
import { InvoiceTable } from './shared/invoice-table.tsx';
import { EmptyState, ListTable, useCursorList } from './shared/list.tsx';
import { StatusBadge } from './shared/status.tsx';
import type { Invoice, LedgerEntry, Message, Payment, Subscription } from './shared/types.ts';

export function CustomerSubscriptions({ customerId }: { customerId: string }) {
  const { t } = useTranslation('app-customers');
  const format = useFormat();
  const list = useCursorList<Subscription>(['subscriptions', 'customer', customerId], '/v1/subscriptions', { customer: customerId });
  return (
    <ListTable
      list={list}
      label={t('profile.tabs.subscriptions')}
      head={[t('fields.subscription'), t('fields.status'), t('fields.items'), t('fields.period_end'), t('fields.created')]}
      empty={<EmptyState title={t('profile.no_subscriptions')} />}
    >
      {list.items.map((subscription) => (
        <Table.Tr key={subscription.id}>
          <Table.Td>
            <Anchor component={Link} href={`~/app/subscriptions/${subscription.id}`} ff="monospace" size="sm">
              {subscription.id}
            </Anchor>
          </Table.Td>
          <Table.Td>
            <StatusBadge status={subscription.status} />
          </Table.Td>
          <Table.Td>
            <Text size="sm">{subscription.items.data.map((item) => (item.quantity > 1 ? `${item.price} × ${item.quantity}` : item.price)).join(', ')}</Text>
          </Table.Td>
          <Table.Td>{format.date(subscription.current_period_end)}</Table.Td>
          <Table.Td>{format.date(subscription.created)}</Table.Td>
        </Table.Tr>
      ))}
    </ListTable>
  );
}

export function CustomerInvoices({ customerId }: { customerId: string }) {
  const { t } = useTranslation('app-customers');
  const list = useCursorList<Invoice>(['invoices', 'customer', customerId], '/v1/invoices', { customer: customerId });
  return <InvoiceTable list={list} showCustomer={false} empty={<EmptyState title={t('profile.no_invoices')} />} />;
}

export function CustomerPayments({ customerId }: { customerId: string }) {
  const { t } = useTranslation('app-customers');
  const format = useFormat();
  const list = useCursorList<Payment>(['payments', 'customer', customerId], '/v1/payments', { customer: customerId });
  return (
    <ListTable
      list={list}
      label={t('profile.tabs.payments')}
      head={[t('fields.date'), t('fields.amount'), t('fields.method'), t('fields.invoice'), t('fields.refunded'), t('fields.reference')]}
      empty={<EmptyState title={t('profile.no_payments')} />}
    >
      {list.items.map((payment) => (
        <Table.Tr key={payment.id}>
          <Table.Td>{format.date(payment.created)}</Table.Td>
          <Table.Td>
            <Text size="sm" ff="monospace">
              {format.money(payment.amount, payment.currency)}
            </Text>
          </Table.Td>
          <Table.Td>{t(`methods.${payment.method}`, { defaultValue: payment.method })}</Table.Td>
          <Table.Td>
            {payment.invoice ? (
              <Anchor component={Link} href={`~/app/invoices/${payment.invoice}`} size="sm" ff="monospace">
                {payment.invoice}
              </Anchor>
            ) : (
              <Text size="sm" c="dimmed">
                {t('payments.to_credit')}
              </Text>
            )}
          </Table.Td>
          <Table.Td>{payment.amount_refunded > 0 ? format.money(payment.amount_refunded, payment.currency) : '—'}</Table.Td>
          <Table.Td>{payment.reference ?? '—'}</Table.Td>
        </Table.Tr>
      ))}
    </ListTable>
  );
}

export function CustomerMessages({ customerId }: { customerId: string }) {
  const { t } = useTranslation('app-customers');
  const format = useFormat();
  const list = useCursorList<Message>(['messages', 'customer', customerId], '/v1/messages', { customer: customerId });
  return (
    <ListTable
      list={list}
      label={t('profile.tabs.messages')}
      head={[t('fields.date'), t('fields.channel'), t('fields.subject'), t('fields.recipient'), t('fields.status')]}
      empty={<EmptyState title={t('profile.no_messages')} />}
    >
      {list.items.map((message) => (
        <Table.Tr key={message.id}>
          <Table.Td>{format.dateTime(message.sent_at ?? message.created)}</Table.Td>
          <Table.Td>{t(`channels.${message.channel}`, { defaultValue: message.channel })}</Table.Td>
          <Table.Td>
            <Text size="sm" lineClamp={1}>
              {message.subject ?? message.template}
            </Text>
          </Table.Td>
          <Table.Td>{message.recipient}</Table.Td>
          <Table.Td>
            {message.last_error ? (
              <Tooltip label={message.last_error} multiline w={280}>
                <span>
                  <StatusBadge status={message.status} />
                </span>
              </Tooltip>
            ) : (
              <StatusBadge status={message.status} />
            )}
          </Table.Td>
        </Table.Tr>
      ))}
    </ListTable>
  );
}

export function CustomerLedger({ customerId }: { customerId: string }) {
  const { t } = useTranslation('app-customers');
  const format = useFormat();
  const list = useCursorList<LedgerEntry>(['ledger', customerId], `/v1/customers/${customerId}/ledger`, {}, { pageSize: 50 });
  return (
    <ListTable
      list={list}
      label={t('profile.tabs.ledger')}
      head={[t('fields.date'), t('fields.account'), t('fields.debit'), t('fields.credit'), t('fields.source')]}
      empty={<EmptyState title={t('profile.no_ledger')} />}
    >
      {list.items.map((entry) => (
        <Table.Tr key={entry.id}>
          <Table.Td>{format.dateTime(entry.created)}</Table.Td>
          <Table.Td>{t(`accounts.${entry.account}`, { defaultValue: entry.account })}</Table.Td>
          <Table.Td>
            <Text size="sm" ff="monospace">
              {entry.debit ? format.money(entry.debit, entry.currency) : ''}
            </Text>
          </Table.Td>
          <Table.Td>
            <Text size="sm" ff="monospace">
              {entry.credit ? format.money(entry.credit, entry.currency) : ''}
            </Text>
          </Table.Td>
          <Table.Td>
            <Text size="sm" ff="monospace" c="dimmed">
              {entry.source}
            </Text>
          </Table.Td>
        </Table.Tr>
      ))}
    </ListTable>
  );
}
