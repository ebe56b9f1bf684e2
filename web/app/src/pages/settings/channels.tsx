import { ActionIcon, Badge, Code, CopyButton, Grid, Group, NumberInput, Stack, Switch, Text, TextInput, Tooltip } from '@mantine/core';
import { api, type ListPage } from '@shared/api.ts';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert, NS, notifySaved, SaveRow, Section, SectionSkeleton, useFieldErrors } from './common.tsx';
import { SecretInput } from './secret-input.tsx';

type ChannelSettings = { channel: string; enabled: boolean; config: Record<string, unknown> };
type StripeSettings = {
  gateway: 'stripe' | 'sandbox';
  secret_key: string | null;
  webhook_secret: 'set' | null;
  publishable_key: string | null;
  webhook_url: string;
};

const CHANNELS_KEY = ['settings', 'messaging'] as const;

/** The server reports a saved secret as `<field>_set: true` (or masks it); it never sends the value. */
function secretSaved(config: Record<string, unknown> | undefined, field: string): boolean {
  if (!config) return false;
  if (config[`${field}_set`] === true) return true;
  return typeof config[field] === 'string' && config[field] !== '';
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

export function ChannelSettingsPage() {
  const { t } = useTranslation(NS);
  const query = useQuery({ queryKey: CHANNELS_KEY, queryFn: () => api<ListPage<ChannelSettings>>('/v1/messaging_settings') });
  const byChannel = (name: string) => query.data?.data.find((c) => c.channel === name);
  return (
    <Stack gap="lg">
      <Text size="sm" c="dimmed">
        {t('channels.intro')}
      </Text>
      {query.isError && <ErrorAlert error={query.error} />}
      <Section title={t('channels.email_title')} description={t('channels.email_description')}>
        {query.isPending ? <SectionSkeleton /> : <EmailForm current={byChannel('email')} />}
      </Section>
      <Section title={t('channels.sms_title')} description={t('channels.sms_description')}>
        {query.isPending ? <SectionSkeleton /> : <SmsForm current={byChannel('sms')} />}
      </Section>
      <Section title={t('channels.telegram_title')} description={t('channels.telegram_description')}>
        {query.isPending ? <SectionSkeleton /> : <TelegramForm current={byChannel('telegram')} />}
      </Section>
      <StripeSection />
    </Stack>
  );
}

function useSaveChannel(channel: string, onError: (e: unknown) => void, onDone: () => void) {
  const { t } = useTranslation(NS);
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => api<ChannelSettings>(`/v1/messaging_settings/${channel}`, { body }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: CHANNELS_KEY });
      notifySaved(t('common.saved'));
      onDone();
    },
    onError,
  });
}

function EmailForm({ current }: { current?: ChannelSettings }) {
  const { t } = useTranslation(NS);
  const errors = useFieldErrors();
  const c = current?.config;
  const [host, setHost] = useState(str(c?.host));
  const [port, setPort] = useState<string | number>(typeof c?.port === 'number' ? c.port : 587);
  const [secure, setSecure] = useState(c?.secure === true);
  const [user, setUser] = useState(str(c?.user));
  const [from, setFrom] = useState(str(c?.from));
  const [enabled, setEnabled] = useState(current?.enabled ?? true);
  const [password, setPassword] = useState<string | null>(null);
  const save = useSaveChannel('email', errors.take, () => setPassword(null));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    errors.clear();
    const body: Record<string, unknown> = { host: host.trim(), port: Number(port), secure, from: from.trim(), enabled };
    if (user.trim()) body.user = user.trim();
    if (password) body.password = password;
    save.mutate(body);
  };
  return (
    <form onSubmit={submit} noValidate aria-label={t('channels.email_title')}>
      <ErrorAlert error={errors.general} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, sm: 8 }}>
          <TextInput
            label={t('channels.smtp_host')}
            placeholder="smtp.example.com"
            value={host}
            onChange={(e) => setHost(e.currentTarget.value)}
            error={errors.of('host')}
            required
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 4 }}>
          <NumberInput label={t('channels.smtp_port')} min={1} max={65535} allowDecimal={false} value={port} onChange={setPort} error={errors.of('port')} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <TextInput
            label={t('channels.smtp_user')}
            value={user}
            onChange={(e) => setUser(e.currentTarget.value)}
            error={errors.of('user')}
            autoComplete="off"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <SecretInput
            label={t('channels.smtp_password')}
            saved={secretSaved(c, 'password')}
            value={password}
            onChange={setPassword}
            error={errors.of('password')}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 8 }}>
          <TextInput
            label={t('channels.smtp_from')}
            placeholder="Sunrise Fitness <billing@example.com>"
            value={from}
            onChange={(e) => setFrom(e.currentTarget.value)}
            error={errors.of('from')}
            required
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 4 }}>
          <Stack gap="xs" mt={{ base: 0, sm: 28 }}>
            <Switch label={t('channels.smtp_tls')} checked={secure} onChange={(e) => setSecure(e.currentTarget.checked)} />
            <Switch label={t('channels.enabled')} checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
          </Stack>
        </Grid.Col>
      </Grid>
      <SaveRow loading={save.isPending} />
    </form>
  );
}

function SmsForm({ current }: { current?: ChannelSettings }) {
  const { t } = useTranslation(NS);
  const errors = useFieldErrors();
  const c = current?.config;
  const [endpoint, setEndpoint] = useState(str(c?.endpoint));
  const [from, setFrom] = useState(str(c?.from));
  const [enabled, setEnabled] = useState(current?.enabled ?? true);
  const [apiKey, setApiKey] = useState<string | null>(null);
  const save = useSaveChannel('sms', errors.take, () => setApiKey(null));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    errors.clear();
    const body: Record<string, unknown> = { endpoint: endpoint.trim(), from: from.trim(), enabled };
    if (apiKey) body.api_key = apiKey;
    save.mutate(body);
  };
  return (
    <form onSubmit={submit} noValidate aria-label={t('channels.sms_title')}>
      <ErrorAlert error={errors.general} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, sm: 8 }}>
          <TextInput
            label={t('channels.sms_endpoint')}
            placeholder="https://sms.example.com/send"
            value={endpoint}
            onChange={(e) => setEndpoint(e.currentTarget.value)}
            error={errors.of('endpoint')}
            required
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 4 }}>
          <TextInput label={t('channels.sms_from')} value={from} onChange={(e) => setFrom(e.currentTarget.value)} error={errors.of('from')} required />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 8 }}>
          <SecretInput
            label={t('channels.sms_api_key')}
            saved={secretSaved(c, 'api_key')}
            value={apiKey}
            onChange={setApiKey}
            error={errors.of('api_key')}
            required
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 4 }}>
          <Switch mt={{ base: 0, sm: 28 }} label={t('channels.enabled')} checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
        </Grid.Col>
      </Grid>
      <SaveRow loading={save.isPending} />
    </form>
  );
}

function TelegramForm({ current }: { current?: ChannelSettings }) {
  const { t } = useTranslation(NS);
  const errors = useFieldErrors();
  const [enabled, setEnabled] = useState(current?.enabled ?? true);
  const [token, setToken] = useState<string | null>(null);
  const save = useSaveChannel('telegram', errors.take, () => setToken(null));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    errors.clear();
    const body: Record<string, unknown> = { enabled };
    if (token) body.token = token;
    save.mutate(body);
  };
  return (
    <form onSubmit={submit} noValidate aria-label={t('channels.telegram_title')}>
      <ErrorAlert error={errors.general} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, sm: 8 }}>
          <SecretInput
            label={t('channels.telegram_token')}
            placeholder="123456:ABC-DEF..."
            saved={secretSaved(current?.config, 'token')}
            value={token}
            onChange={setToken}
            error={errors.of('token')}
            required
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 4 }}>
          <Switch mt={{ base: 0, sm: 28 }} label={t('channels.enabled')} checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
        </Grid.Col>
      </Grid>
      <SaveRow loading={save.isPending} />
    </form>
  );
}

function StripeSection() {
  const { t } = useTranslation(NS);
  const query = useQuery({ queryKey: ['settings', 'stripe'], queryFn: () => api<StripeSettings>('/v1/settings/stripe') });
  return (
    <Section
      title={t('stripe.title')}
      description={t('stripe.description')}
      actions={
        query.data && (
          <Badge color={query.data.gateway === 'stripe' ? 'teal' : 'gray'} variant="light">
            {query.data.gateway === 'stripe' ? t('stripe.connected') : t('stripe.sandbox')}
          </Badge>
        )
      }
    >
      {query.isPending ? <SectionSkeleton /> : query.isError ? <ErrorAlert error={query.error} /> : <StripeForm current={query.data} />}
    </Section>
  );
}

function StripeForm({ current }: { current: StripeSettings }) {
  const { t } = useTranslation(NS);
  const client = useQueryClient();
  const errors = useFieldErrors();
  const [secretKey, setSecretKey] = useState<string | null>(null);
  const [webhookSecret, setWebhookSecret] = useState<string | null>(null);
  const [publishable, setPublishable] = useState(current.publishable_key ?? '');
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => api<StripeSettings>('/v1/settings/stripe', { body }),
    onSuccess: (saved) => {
      client.setQueryData(['settings', 'stripe'], saved);
      setSecretKey(null);
      setWebhookSecret(null);
      notifySaved(t('common.saved'));
    },
    onError: errors.take,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    errors.clear();
    const body: Record<string, unknown> = {};
    if (secretKey) body.secret_key = secretKey.trim();
    if (webhookSecret) body.webhook_secret = webhookSecret.trim();
    if (publishable.trim() && publishable.trim() !== current.publishable_key) body.publishable_key = publishable.trim();
    save.mutate(body);
  };
  return (
    <form onSubmit={submit} noValidate aria-label={t('stripe.title')}>
      <ErrorAlert error={errors.general} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <SecretInput
            label={t('stripe.secret_key')}
            placeholder="sk_test_..."
            saved={current.secret_key !== null}
            hint={current.secret_key}
            value={secretKey}
            onChange={setSecretKey}
            error={errors.of('secret_key')}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <SecretInput
            label={t('stripe.webhook_secret')}
            placeholder="whsec_..."
            saved={current.webhook_secret !== null}
            value={webhookSecret}
            onChange={setWebhookSecret}
            error={errors.of('webhook_secret')}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <TextInput
            label={t('stripe.publishable_key')}
            placeholder="pk_test_..."
            value={publishable}
            onChange={(e) => setPublishable(e.currentTarget.value)}
            error={errors.of('publishable_key')}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <Text size="sm" fw={500} mb={4}>
            {t('stripe.webhook_url')}
          </Text>
          <Group gap={4} wrap="nowrap">
            <Code style={{ overflowWrap: 'anywhere' }}>{current.webhook_url}</Code>
            <CopyButton value={current.webhook_url}>
              {({ copied, copy }) => (
                <Tooltip label={copied ? t('common.copied') : t('common.copy')}>
                  <ActionIcon variant="subtle" onClick={copy} aria-label={t('common.copy')}>
                    {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                  </ActionIcon>
                </Tooltip>
              )}
            </CopyButton>
          </Group>
        </Grid.Col>
      </Grid>
      <SaveRow loading={save.isPending} />
    </form>
  );
}
