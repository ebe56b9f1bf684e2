import { Anchor, Badge, Button, Card, Group, Skeleton, Stack, Tabs, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconArrowLeft, IconCalendarDollar, IconFileInvoice, IconPencil } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { hasRole, useSession } from '../../session.tsx';
import { CustomerFormModal } from './customer-form.tsx';
import { CustomerOverview } from './customer-overview.tsx';
import { CustomerStatement } from './customer-statement.tsx';
import { CustomerInvoices, CustomerLedger, CustomerMessages, CustomerPayments, CustomerSubscriptions } from './customer-tabs.tsx';
import { DuplicatesPanel } from './duplicates-panel.tsx';
import { useCustomer } from './shared/customer-ref.tsx';
import { ErrorAlert } from './shared/list.tsx';

const TABS = ['overview', 'subscriptions', 'invoices', 'payments', 'messages', 'ledger', 'statement'] as const;

export function CustomerProfile({ id }: { id: string }) {
  const { t } = useTranslation('app-customers');
  const session = useSession();
  const customer = useCustomer(id);
  const [editing, { open, close }] = useDisclosure();
  const canEdit = hasRole(session, 'staff');

  return (
    <Stack gap="md">
      <Anchor component={Link} href="/" size="sm">
        <Group gap={4} wrap="nowrap">
          <IconArrowLeft size={14} aria-hidden />
          {t('customers.back')}
        </Group>
      </Anchor>
      {customer.error ? (
        <ErrorAlert error={customer.error} />
      ) : !customer.data ? (
        <Card withBorder>
          <Skeleton height={28} width="40%" mb="sm" />
          <Skeleton height={14} width="60%" />
        </Card>
      ) : (
        <>
          <Group justify="space-between" align="flex-start" wrap="wrap">
            <Stack gap={4}>
              <Title order={2}>{customer.data.name}</Title>
              <Group gap="xs">
                <Text size="sm" c="dimmed">
                  {customer.data.email ?? t('customers.no_email')}
                </Text>
                {customer.data.tags.map((tag) => (
                  <Badge key={tag} variant="outline" size="sm">
                    {tag}
                  </Badge>
                ))}
              </Group>
            </Stack>
            {canEdit && (
              <Group gap="xs">
                <Button variant="default" leftSection={<IconPencil size={16} />} onClick={open}>
                  {t('common.edit')}
                </Button>
                {hasRole(session, 'manager') && (customer.data.balance ?? 0) > 0 && (
                  <Button variant="default" component={Link} href={`~/app/plans/new?customer=${id}`} leftSection={<IconCalendarDollar size={16} />}>
                    {t('plans.new')}
                  </Button>
                )}
                <Button component={Link} href={`~/app/invoices/new?customer=${id}`} leftSection={<IconFileInvoice size={16} />}>
                  {t('invoices.new')}
                </Button>
              </Group>
            )}
          </Group>
          <DuplicatesPanel customer={customer.data} />
          <Tabs defaultValue="overview" keepMounted={false}>
            <Tabs.List style={{ flexWrap: 'nowrap', overflowX: 'auto' }}>
              {TABS.map((tab) => (
                <Tabs.Tab key={tab} value={tab}>
                  {t(`profile.tabs.${tab}`)}
                </Tabs.Tab>
              ))}
            </Tabs.List>
            <Tabs.Panel value="overview" pt="md">
              <CustomerOverview customer={customer.data} />
            </Tabs.Panel>
            <Tabs.Panel value="subscriptions" pt="md">
              <CustomerSubscriptions customerId={id} />
            </Tabs.Panel>
            <Tabs.Panel value="invoices" pt="md">
              <CustomerInvoices customerId={id} />
            </Tabs.Panel>
            <Tabs.Panel value="payments" pt="md">
              <CustomerPayments customerId={id} />
            </Tabs.Panel>
            <Tabs.Panel value="messages" pt="md">
              <CustomerMessages customerId={id} />
            </Tabs.Panel>
            <Tabs.Panel value="ledger" pt="md">
              <CustomerLedger customerId={id} />
            </Tabs.Panel>
            <Tabs.Panel value="statement" pt="md">
              <CustomerStatement customerId={id} />
            </Tabs.Panel>
          </Tabs>
          <CustomerFormModal opened={editing} onClose={close} customer={customer.data} />
        </>
      )}
    </Stack>
  );
}
