import { Grid, NavLink, Select, Stack, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import {
  IconApi,
  IconBell,
  IconBuildingStore,
  IconClockPlay,
  IconCreditCard,
  IconHistory,
  IconInbox,
  IconMail,
  IconPlugConnected,
  IconUsers,
  IconWebhook,
} from '@tabler/icons-react';
import type { ComponentType, CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Redirect, Route, Switch, useLocation } from 'wouter';
import { hasRole, type Role, useSession } from '../../session.tsx';
import { AuditPage } from '../auth/audit-page.tsx';
import { StaffPage } from '../auth/staff-page.tsx';
import { ApiKeySettings } from './api-keys.tsx';
import { BillingSettings } from './billing.tsx';
import { BusinessSettings } from './business.tsx';
import { ChannelSettingsPage } from './channels.tsx';
import { NS } from './common.tsx';
import { IntakeSettingsPage } from './intake.tsx';
import { MailboxPage } from './mailbox.tsx';
import { ReminderSettings } from './reminders.tsx';
import { TestClockPage } from './test-clock.tsx';
import { WebhookSettings } from './webhooks.tsx';

type SectionDef = {
  path: string;
  key: string;
  /** A label from another area's namespace (`ns:key`); otherwise `nav.<key>` here. */
  label?: string;
  icon: ComponentType<{ size?: number }>;
  /** Who sees the section at all (the server refuses the rest anyway). */
  least: Role;
  testOnly?: boolean;
  nest?: boolean;
  render: (canEdit: boolean) => React.ReactNode;
};

const SECTIONS: SectionDef[] = [
  { path: '/business', key: 'business', icon: IconBuildingStore, least: 'staff', render: (canEdit) => <BusinessSettings canEdit={canEdit} /> },
  { path: '/billing', key: 'billing', icon: IconCreditCard, least: 'staff', render: (canEdit) => <BillingSettings canEdit={canEdit} /> },
  { path: '/reminders', key: 'reminders', icon: IconBell, least: 'staff', render: (canEdit) => <ReminderSettings canEdit={canEdit} /> },
  {
    path: '/intake',
    key: 'intake',
    label: 'app-requests:settings.nav',
    icon: IconInbox,
    least: 'manager',
    render: () => <IntakeSettingsPage />,
  },
  { path: '/channels', key: 'channels', icon: IconPlugConnected, least: 'owner', render: () => <ChannelSettingsPage /> },
  { path: '/api-keys', key: 'api_keys', icon: IconApi, least: 'owner', render: () => <ApiKeySettings /> },
  { path: '/webhooks', key: 'webhooks', icon: IconWebhook, least: 'owner', nest: true, render: () => <WebhookSettings /> },
  { path: '/team', key: 'team', icon: IconUsers, least: 'owner', render: () => <StaffPage /> },
  { path: '/audit', key: 'audit', icon: IconHistory, least: 'owner', render: () => <AuditPage /> },
  { path: '/mailbox', key: 'mailbox', icon: IconMail, least: 'manager', render: () => <MailboxPage /> },
  { path: '/test-clock', key: 'test_clock', icon: IconClockPlay, least: 'manager', testOnly: true, render: () => <TestClockPage /> },
];

const ACTIVE: CSSProperties = { color: 'var(--mantine-color-teal-9)', backgroundColor: 'var(--mantine-color-teal-0)' };

/** Settings: a side menu (a select on phones) and one section at a time. */
export default function SettingsArea() {
  const { t } = useTranslation(NS);
  const session = useSession();
  const [location, navigate] = useLocation();
  const wide = useMediaQuery('(min-width: 62em)', true);
  const visible = SECTIONS.filter((s) => hasRole(session, s.least) && (!s.testOnly || session.business.mode === 'test'));
  const canEdit = hasRole(session, 'owner');
  const isActive = (path: string) => location === path || location.startsWith(`${path}/`);
  const links = visible.map((s) => (
    <NavLink
      key={s.key}
      component={Link}
      href={s.path}
      label={t(s.label ?? `nav.${s.key}`)}
      leftSection={<s.icon size={18} />}
      aria-current={isActive(s.path) ? 'page' : undefined}
      fw={isActive(s.path) ? 600 : undefined}
      style={{
        borderRadius: 8,
        ...(isActive(s.path) ? ACTIVE : {}),
      }}
    />
  ));
  return (
    <Stack gap="md" data-settings-area>
      <Title order={2}>{t('title')}</Title>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 3 }}>
          <nav aria-label={t('nav.label')}>
            {wide ? (
              <Stack gap={2}>{links}</Stack>
            ) : (
              <Select
                label={t('nav.label')}
                data={visible.map((s) => ({ value: s.path, label: t(s.label ?? `nav.${s.key}`) }))}
                value={visible.find((s) => isActive(s.path))?.path ?? null}
                onChange={(path) => path && navigate(path)}
                allowDeselect={false}
                comboboxProps={{ withinPortal: false }}
              />
            )}
          </nav>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 9 }}>
          <Switch>
            {visible.map((s) => (
              <Route key={s.key} path={s.path} nest={s.nest}>
                {s.render(canEdit)}
              </Route>
            ))}
            <Route>
              <Redirect to="/business" replace />
            </Route>
          </Switch>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
