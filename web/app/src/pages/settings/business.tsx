import { Box, Button, ColorInput, FileButton, Grid, Group, Image, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { api } from '@shared/api.ts';
import { LANGUAGES } from '@shared/i18n.ts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SESSION_QUERY_KEY } from '../../session.tsx';
import { ErrorAlert, NS, notifySaved, OwnerOnlyNote, SaveRow, Section, SectionSkeleton, useFieldErrors } from './common.tsx';

export type Business = {
  id: string;
  name: string;
  mode: 'test' | 'live';
  currency: string;
  timezone: string;
  locale: string;
  owner_email: string | null;
  address_lines: string[];
  tax_id: string | null;
  brand_color: string | null;
  has_logo: boolean;
};

export const BUSINESS_KEY = ['settings', 'business'] as const;

const MAX_LOGO_BYTES = 200 * 1024;
const CURRENCIES = ['usd', 'eur', 'gbp', 'vnd', 'thb', 'amd', 'chf', 'sek', 'nok', 'dkk', 'pln', 'czk', 'aud', 'cad', 'jpy', 'sgd'];

function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/** Business details, branding with a live invoice-header preview, and regional defaults. */
export function BusinessSettings({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation(NS);
  const query = useQuery({ queryKey: BUSINESS_KEY, queryFn: () => api<Business>('/v1/business') });
  if (query.isPending) return <SectionSkeleton />;
  if (query.isError) return <ErrorAlert error={query.error} />;
  return (
    <Stack gap="lg">
      <OwnerOnlyNote show={!canEdit} />
      <DetailsForm business={query.data} canEdit={canEdit} />
      <RegionalForm business={query.data} canEdit={canEdit} />
      <Text size="xs" c="dimmed">
        {t('business.id', { id: query.data.id })}
      </Text>
    </Stack>
  );
}

function useSaveBusiness(onError: (e: unknown) => void) {
  const { t } = useTranslation(NS);
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => api<Business>('/v1/business', { body }),
    onSuccess: (saved) => {
      client.setQueryData(BUSINESS_KEY, saved);
      void client.invalidateQueries({ queryKey: SESSION_QUERY_KEY });
      notifySaved(t('common.saved'));
    },
    onError,
  });
}

function DetailsForm({ business, canEdit }: { business: Business; canEdit: boolean }) {
  const { t } = useTranslation(NS);
  const errors = useFieldErrors();
  const [name, setName] = useState(business.name);
  const [address, setAddress] = useState(business.address_lines.join('\n'));
  const [taxId, setTaxId] = useState(business.tax_id ?? '');
  const [ownerEmail, setOwnerEmail] = useState(business.owner_email ?? '');
  const [color, setColor] = useState(business.brand_color ?? '');
  const [logo, setLogo] = useState<{ base64: string; url: string } | null>(null);
  const [removeLogo, setRemoveLogo] = useState(false);
  const [logoError, setLogoError] = useState<string | null>(null);
  const save = useSaveBusiness(errors.take);
  // A fresh upload previews from memory; the saved one comes from the server (no-store: a new one shows at once).
  const [logoVersion, setLogoVersion] = useState(0);
  useEffect(() => () => (logo ? URL.revokeObjectURL(logo.url) : undefined), [logo]);

  const pickLogo = async (file: File | null) => {
    setLogoError(null);
    if (!file) return;
    if (!['image/png', 'image/jpeg'].includes(file.type)) return setLogoError(t('branding.logo_type'));
    if (file.size > MAX_LOGO_BYTES) return setLogoError(t('branding.logo_size'));
    setLogo({ base64: await readAsBase64(file), url: URL.createObjectURL(file) });
    setRemoveLogo(false);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    errors.clear();
    const body: Record<string, unknown> = {
      name,
      address_lines: address
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
      tax_id: taxId.trim() || null,
      owner_email: ownerEmail.trim() || null,
      brand_color: color.trim() || null,
    };
    if (logo) body.logo_base64 = logo.base64;
    else if (removeLogo) body.logo_base64 = null;
    save.mutate(body, {
      onSuccess: () => {
        setLogo(null);
        setLogoVersion((v) => v + 1);
      },
    });
  };

  const logoUrl = logo?.url ?? (business.has_logo && !removeLogo ? `/v1/business/logo?v=${logoVersion}` : null);
  const lines = address.split('\n').filter((l) => l.trim());

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="lg">
        <Section title={t('business.title')} description={t('business.description')}>
          <ErrorAlert error={errors.general} />
          <Grid gap="md">
            <Grid.Col span={{ base: 12, md: 6 }}>
              <TextInput
                label={t('business.name')}
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                error={errors.of('name')}
                required
                disabled={!canEdit}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 6 }}>
              <TextInput
                label={t('business.owner_email')}
                description={t('business.owner_email_help')}
                type="email"
                value={ownerEmail}
                onChange={(e) => setOwnerEmail(e.currentTarget.value)}
                error={errors.of('owner_email')}
                disabled={!canEdit}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 6 }}>
              <Textarea
                label={t('business.address')}
                description={t('business.address_help')}
                autosize
                minRows={3}
                value={address}
                onChange={(e) => setAddress(e.currentTarget.value)}
                error={errors.fields.address_lines ?? Object.entries(errors.fields).find(([k]) => k.startsWith('address_lines'))?.[1]}
                disabled={!canEdit}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 6 }}>
              <TextInput
                label={t('business.tax_id')}
                value={taxId}
                onChange={(e) => setTaxId(e.currentTarget.value)}
                error={errors.of('tax_id')}
                disabled={!canEdit}
              />
            </Grid.Col>
          </Grid>
        </Section>

        <Section title={t('branding.title')} description={t('branding.description')}>
          <Grid gap="lg">
            <Grid.Col span={{ base: 12, md: 5 }}>
              <Stack gap="md">
                <ColorInput
                  label={t('branding.color')}
                  placeholder="#0b7a75"
                  format="hex"
                  withEyeDropper={false}
                  value={color}
                  onChange={setColor}
                  error={errors.of('brand_color')}
                  disabled={!canEdit}
                  swatches={['#0b7a75', '#1a73e8', '#6741d9', '#c2255c', '#e8590c', '#2b8a3e', '#212529']}
                />
                <div>
                  <Text size="sm" fw={500} mb={4} id="logo-label">
                    {t('branding.logo')}
                  </Text>
                  <Group gap="sm">
                    <FileButton onChange={pickLogo} accept="image/png,image/jpeg" disabled={!canEdit}>
                      {(props) => (
                        <Button variant="default" {...props} aria-describedby="logo-label">
                          {logoUrl ? t('branding.logo_replace') : t('branding.logo_upload')}
                        </Button>
                      )}
                    </FileButton>
                    {logoUrl && canEdit && (
                      <Button
                        variant="subtle"
                        color="red"
                        onClick={() => {
                          setLogo(null);
                          setRemoveLogo(true);
                        }}
                      >
                        {t('branding.logo_remove')}
                      </Button>
                    )}
                  </Group>
                  <Text size="xs" c={logoError || errors.of('logo_base64') ? 'red' : 'dimmed'} mt={4} role={logoError ? 'alert' : undefined}>
                    {logoError ?? errors.of('logo_base64') ?? t('branding.logo_help')}
                  </Text>
                </div>
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 7 }}>
              <InvoiceHeaderPreview name={name} lines={lines} taxId={taxId} color={/^#[0-9a-fA-F]{6}$/.test(color) ? color : '#0b7a75'} logoUrl={logoUrl} />
            </Grid.Col>
          </Grid>
          {canEdit && <SaveRow loading={save.isPending} />}
        </Section>
      </Stack>
    </form>
  );
}

/** Roughly what the top of an invoice PDF looks like with these details. */
function InvoiceHeaderPreview({ name, lines, taxId, color, logoUrl }: { name: string; lines: string[]; taxId: string; color: string; logoUrl: string | null }) {
  const { t } = useTranslation(NS);
  return (
    <Box
      aria-label={t('branding.preview')}
      role="img"
      style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8, overflow: 'hidden', background: 'white' }}
    >
      <Box style={{ height: 6, background: color }} data-testid="preview-bar" />
      <Group justify="space-between" align="flex-start" p="md" wrap="nowrap" gap="md">
        <Stack gap={2} style={{ minWidth: 0 }}>
          {logoUrl && <Image src={logoUrl} alt="" h={40} w="auto" fit="contain" maw={160} mb={6} />}
          <Text fw={700} c="dark.8" truncate>
            {name || '—'}
          </Text>
          {lines.length > 0 && (
            <Text size="xs" c="dark.6" style={{ whiteSpace: 'pre-line' }}>
              {lines.join('\n')}
            </Text>
          )}
          {taxId.trim() && (
            <Text size="xs" c="dark.6">
              {t('branding.preview_tax', { taxId: taxId.trim() })}
            </Text>
          )}
        </Stack>
        <Stack gap={2} align="flex-end">
          <Text fw={700} size="lg" style={{ color }}>
            {t('branding.preview_invoice')}
          </Text>
          <Text size="xs" c="dark.6">
            INV-0001
          </Text>
        </Stack>
      </Group>
    </Box>
  );
}

function RegionalForm({ business, canEdit }: { business: Business; canEdit: boolean }) {
  const { t } = useTranslation(NS);
  const errors = useFieldErrors();
  const [currency, setCurrency] = useState(business.currency);
  const [timezone, setTimezone] = useState(business.timezone);
  const [locale, setLocale] = useState(business.locale);
  const save = useSaveBusiness(errors.take);
  const zones = useMemo(() => Intl.supportedValuesOf('timeZone'), []);
  const currencies = useMemo(() => {
    const names = new Intl.DisplayNames([locale], { type: 'currency' });
    const codes = CURRENCIES.includes(business.currency) ? CURRENCIES : [business.currency, ...CURRENCIES];
    return codes.map((c) => ({ value: c, label: `${c.toUpperCase()} — ${names.of(c.toUpperCase()) ?? c}` }));
  }, [locale, business.currency]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    errors.clear();
    save.mutate({ currency, timezone, locale });
  };
  return (
    <form onSubmit={submit} noValidate>
      <Section title={t('regional.title')} description={t('regional.description')}>
        <ErrorAlert error={errors.general} />
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Select
              label={t('regional.currency')}
              description={t('regional.currency_help')}
              data={currencies}
              value={currency}
              onChange={(v) => v && setCurrency(v)}
              searchable
              allowDeselect={false}
              error={errors.of('currency')}
              disabled={!canEdit}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Select
              label={t('regional.timezone')}
              description={t('regional.timezone_help')}
              data={zones}
              value={timezone}
              onChange={(v) => v && setTimezone(v)}
              searchable
              limit={50}
              allowDeselect={false}
              nothingFoundMessage={t('common.nothing_found')}
              error={errors.of('timezone')}
              disabled={!canEdit}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Select
              label={t('regional.language')}
              description={t('regional.language_help')}
              data={LANGUAGES.map((l) => ({ value: l.code, label: l.label }))}
              value={locale}
              onChange={(v) => v && setLocale(v)}
              allowDeselect={false}
              error={errors.of('locale')}
              disabled={!canEdit}
            />
          </Grid.Col>
        </Grid>
        {canEdit && <SaveRow loading={save.isPending} />}
      </Section>
    </form>
  );
}
