import { AppShell, Badge, Burger, Group, NavLink, ScrollArea, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link, Route, Switch, useLocation } from 'wouter';
import { LanguageSwitcher } from './language-switcher.tsx';
import { NotFound } from './not-found.tsx';
import { NotificationBell } from './notifications/bell.tsx';
import { AccountMenu } from './pages/auth/account-menu.tsx';
import CatalogArea from './pages/catalog/index.tsx';
import CollectionsArea from './pages/collections/index.tsx';
import CustomersArea from './pages/customers/index.tsx';
import DashboardArea from './pages/dashboard/index.tsx';
import InvoicesArea from './pages/invoices/index.tsx';
import PlansArea from './pages/plans/index.tsx';
import RequestsArea from './pages/requests/index.tsx';
import SettingsArea from './pages/settings/index.tsx';
import SubscriptionsArea from './pages/subscriptions/index.tsx';
import { useSession } from './session.tsx';

const NAVIGATION = [
  { path: '/', key: 'dashboard' },
  // The requests area keeps its texts in its own namespace.
  { path: '/requests', key: 'requests', label: 'app-requests:nav' },
  { path: '/customers', key: 'customers' },
  { path: '/invoices', key: 'invoices' },
  { path: '/subscriptions', key: 'subscriptions' },
  { path: '/catalog', key: 'catalog' },
  { path: '/plans', key: 'plans' },
  { path: '/collections', key: 'collections' },
  { path: '/settings', key: 'settings' },
] as const;

/** The back office frame: header, navigation (a drawer on phones) and one area at a time. */
export function Shell() {
  const { t } = useTranslation('app');
  const session = useSession();
  const [opened, { toggle, close }] = useDisclosure();
  const [location] = useLocation();
  const isActive = (path: string) => (path === '/' ? location === '/' : location === path || location.startsWith(`${path}/`));
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 230, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap={8} wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.toggle')} />
            <Title order={1} size="h4">
              Duly
            </Title>
            <Text size="sm" c="dimmed" truncate visibleFrom="xs">
              {session.business.name}
            </Text>
            {session.business.mode === 'test' && (
              <Badge color="orange" variant="light">
                {t('shell.test_mode')}
              </Badge>
            )}
          </Group>
          {/* Tight gaps: on a phone the bell, the language and the account menu share one row. */}
          <Group gap={4} wrap="nowrap">
            <NotificationBell />
            <LanguageSwitcher />
            <AccountMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('nav.label')}>
        <ScrollArea>
          {NAVIGATION.map((item) => (
            <NavLink
              key={item.key}
              component={Link}
              href={item.path}
              label={t('label' in item ? item.label : `nav.${item.key}`)}
              active={isActive(item.path)}
              onClick={close}
            />
          ))}
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>
        <Switch>
          <Route path="/" component={DashboardArea} />
          <Route path="/requests" nest component={RequestsArea} />
          <Route path="/customers" nest component={CustomersArea} />
          <Route path="/invoices" nest component={InvoicesArea} />
          <Route path="/subscriptions" nest component={SubscriptionsArea} />
          <Route path="/catalog" nest component={CatalogArea} />
          <Route path="/plans" nest component={PlansArea} />
          <Route path="/collections" nest component={CollectionsArea} />
          <Route path="/settings" nest component={SettingsArea} />
          <Route component={NotFound} />
        </Switch>
      </AppShell.Main>
    </AppShell>
  );
}
