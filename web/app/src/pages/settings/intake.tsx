import { Checkbox, Grid, Group, MultiSelect, NumberInput, Radio, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { api } from '@shared/api.ts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hasRole, useSession } from '../../session.tsx';
import { staffLabel, useStaff } from '../requests/common.tsx';
import { ErrorAlert, notifySaved, SaveRow, Section, SectionSkeleton, useFieldErrors } from './common.tsx';
import { EmbedSnippets } from './intake-embed.tsx';
import { MailboxSettings } from './intake-mailboxes.tsx';

const NS = 'app-requests';
export const FORMS = ['signup', 'order', 'appointment'] as const;
const STRATEGIES = ['main_employee', 'round_robin', 'least_busy'] as const;

export type IntakeSettings = {
  routing_strategy: (typeof STRATEGIES)[number];
  main_employee_user_id: string | null;
  inactive_user_ids: string[];
  form_slug: string | null;
  forms_enabled: string[];
  form_limit_per_ip: number;
  form_limit_per_business: number;
  telegram_mode: 'polling' | 'webhook';
  digest_enabled: boolean;
};

const SETTINGS_KEY = ['settings', 'intake'] as const;

/** Settings → Client intake: who gets new requests, the public forms, Telegram, the digest and the mailboxes read. */
export function IntakeSettingsPage() {
  const { t } = useTranslation(NS);
  // Managers run the intake (the server's rule for these routes); the section is hidden from staff.
  const canEdit = hasRole(useSession(), 'manager');
  const query = useQuery({ queryKey: SETTINGS_KEY, queryFn: () => api<IntakeSettings>('/v1/intake/settings') });
  return (
    <Stack gap="lg">
      <Text size="sm" c="dimmed">
        {t('settings.intro')}
      </Text>
      {query.isError && <ErrorAlert error={query.error} />}
      {query.isPending ? (
        <Section title={t('settings.routing_title')}>
          <SectionSkeleton />
        </Section>
      ) : (
        query.data && <IntakeForm current={query.data} canEdit={canEdit} />
      )}
      <MailboxSettings canEdit={canEdit} />
    </Stack>
  );
}

function IntakeForm({ current, canEdit }: { current: IntakeSettings; canEdit: boolean }) {
  const { t } = useTranslation(NS);
  const client = useQueryClient();
  const errors = useFieldErrors();
  const staff = useStaff();
  const [draft, setDraft] = useState<IntakeSettings>(current);
  const set = <K extends keyof IntakeSettings>(key: K, value: IntakeSettings[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const save = useMutation({
    mutationFn: (body: IntakeSettings) => api<IntakeSettings>('/v1/intake/settings', { body }),
    onSuccess: (saved) => {
      client.setQueryData(SETTINGS_KEY, saved);
      notifySaved(t('settings.saved'));
    },
    onError: errors.take,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    errors.clear();
    // Only the settable fields: the server refuses unknown ones (the GET also sends `object` and `updated`).
    save.mutate({
      routing_strategy: draft.routing_strategy,
      main_employee_user_id: draft.main_employee_user_id,
      inactive_user_ids: draft.inactive_user_ids,
      form_slug: draft.form_slug?.trim() || null,
      forms_enabled: draft.forms_enabled,
      form_limit_per_ip: draft.form_limit_per_ip,
      form_limit_per_business: draft.form_limit_per_business,
      telegram_mode: draft.telegram_mode,
      digest_enabled: draft.digest_enabled,
    });
  };
  const staffOptions = (staff.data ?? []).map((m) => ({ value: m.user_id, label: staffLabel(m) }));
  return (
    <Stack gap="lg">
      <form onSubmit={submit} noValidate aria-label={t('settings.title')}>
        <fieldset disabled={!canEdit} style={{ border: 0, padding: 0, margin: 0 }}>
          <Stack gap="lg">
            <ErrorAlert error={errors.general} />
            <Section title={t('settings.routing_title')} description={t('settings.routing_description')}>
              <Stack gap="md">
                <Radio.Group
                  label={t('settings.strategy')}
                  value={draft.routing_strategy}
                  onChange={(v) => set('routing_strategy', v as IntakeSettings['routing_strategy'])}
                  error={errors.of('routing_strategy')}
                >
                  <Stack gap={6} mt={6}>
                    {STRATEGIES.map((s) => (
                      <Radio key={s} value={s} label={t(`settings.strategies.${s}`)} description={t(`settings.strategies.${s}_hint`)} />
                    ))}
                  </Stack>
                </Radio.Group>
                {draft.routing_strategy === 'main_employee' && (
                  <Select
                    label={t('settings.main_employee')}
                    data={staffOptions}
                    value={draft.main_employee_user_id}
                    onChange={(v) => set('main_employee_user_id', v)}
                    error={errors.of('main_employee_user_id')}
                    searchable
                    required
                  />
                )}
                <MultiSelect
                  label={t('settings.away')}
                  description={t('settings.away_hint')}
                  data={staffOptions}
                  value={draft.inactive_user_ids}
                  onChange={(v) => set('inactive_user_ids', v)}
                  error={errors.of('inactive_user_ids') ?? staff.error?.message}
                  searchable
                  clearable
                />
              </Stack>
            </Section>
            <Section title={t('settings.forms_title')} description={t('settings.forms_description')}>
              <FormsFields draft={draft} set={set} errors={errors} />
            </Section>
            <Section title={t('settings.channels_title')}>
              <Stack gap="md">
                <Radio.Group
                  label={t('settings.telegram_mode')}
                  value={draft.telegram_mode}
                  onChange={(v) => set('telegram_mode', v as IntakeSettings['telegram_mode'])}
                  error={errors.of('telegram_mode')}
                >
                  <Group gap="lg" mt={6}>
                    <Radio value="polling" label={t('settings.telegram_polling')} />
                    <Radio value="webhook" label={t('settings.telegram_webhook')} />
                  </Group>
                </Radio.Group>
                <Switch
                  label={t('settings.digest')}
                  description={t('settings.digest_hint')}
                  checked={draft.digest_enabled}
                  onChange={(e) => set('digest_enabled', e.currentTarget.checked)}
                />
              </Stack>
              {canEdit && <SaveRow loading={save.isPending} label={t('settings.save')} />}
            </Section>
          </Stack>
        </fieldset>
      </form>
      <EmbedSnippets slug={current.form_slug} forms={current.forms_enabled} />
    </Stack>
  );
}

type Setter = <K extends keyof IntakeSettings>(key: K, value: IntakeSettings[K]) => void;

function FormsFields({ draft, set, errors }: { draft: IntakeSettings; set: Setter; errors: ReturnType<typeof useFieldErrors> }) {
  const { t } = useTranslation(NS);
  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, sm: 6 }}>
        <TextInput
          label={t('settings.form_slug')}
          description={t('settings.form_slug_hint')}
          value={draft.form_slug ?? ''}
          onChange={(e) => set('form_slug', e.currentTarget.value)}
          error={errors.of('form_slug')}
          autoComplete="off"
        />
      </Grid.Col>
      <Grid.Col span={{ base: 12, sm: 6 }}>
        <Checkbox.Group
          label={t('settings.forms_enabled')}
          value={draft.forms_enabled}
          onChange={(v) => set('forms_enabled', v)}
          error={errors.of('forms_enabled')}
        >
          <Stack gap={6} mt={6}>
            {FORMS.map((f) => (
              <Checkbox key={f} value={f} label={t(`settings.form.${f}`)} />
            ))}
          </Stack>
        </Checkbox.Group>
      </Grid.Col>
      <Grid.Col span={{ base: 12, sm: 6 }}>
        <NumberInput
          label={t('settings.limit_ip')}
          min={1}
          max={1000}
          allowDecimal={false}
          value={draft.form_limit_per_ip}
          onChange={(v) => set('form_limit_per_ip', Number(v) || 0)}
          error={errors.of('form_limit_per_ip')}
        />
      </Grid.Col>
      <Grid.Col span={{ base: 12, sm: 6 }}>
        <NumberInput
          label={t('settings.limit_business')}
          min={1}
          max={100_000}
          allowDecimal={false}
          value={draft.form_limit_per_business}
          onChange={(v) => set('form_limit_per_business', Number(v) || 0)}
          error={errors.of('form_limit_per_business')}
        />
      </Grid.Col>
    </Grid>
  );
}
