import { ActionIcon, Badge, Button, Card, Chip, Group, MultiSelect, NumberInput, Select, Stack, Switch, Text } from '@mantine/core';
import { ApiError, api } from '@shared/api.ts';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert, NS, notifySaved, OwnerOnlyNote, SaveRow, Section, SectionSkeleton } from './common.tsx';

const CHANNELS = ['email', 'sms', 'telegram'] as const;
const TEMPLATES = ['upcoming', 'due_today', 'friendly', 'firm', 'final', 'hand_off'] as const;
const SIMPLE_ACTIONS = ['late_fee', 'suspend', 'hand_off'] as const;
const MAX_STEPS = 20;

type Action = { type: 'late_fee' | 'suspend' | 'hand_off' } | { type: 'assign_task'; assignee_email: string; note?: string | null };
type Step = { key: string; offset_days: number; channels: string[] | null; template: string | null; actions: Action[] };
type Ladder = { steps: Step[]; write_off_on_hand_off: boolean };

/** `steps[2][offset_days]` and `steps.2.offset_days` both become `steps.2.offset_days`. */
const normalise = (param: string) => param.replace(/\[(\w+)\]/g, '.$1');

function templateFits(template: string, offset: number) {
  if (template === 'upcoming') return offset < 0;
  if (template === 'due_today') return offset === 0;
  return offset > 0;
}

/** The same rules the server applies, checked before saving so the owner sees them next to the step. */
function validate(steps: Step[], t: (key: string, vars?: Record<string, unknown>) => string): Record<string, string> {
  const errors: Record<string, string> = {};
  if (steps.length === 0) errors.steps = t('ladder.error_empty');
  steps.forEach((step, i) => {
    const prev = steps[i - 1];
    if (!Number.isInteger(step.offset_days) || step.offset_days < -60 || step.offset_days > 365)
      errors[`steps.${i}.offset_days`] = t('ladder.error_offset_range');
    else if (prev && step.offset_days <= prev.offset_days) errors[`steps.${i}.offset_days`] = t('ladder.error_offset_order', { previous: prev.offset_days });
    if (step.template && !templateFits(step.template, step.offset_days)) errors[`steps.${i}.template`] = t('ladder.error_template_fit');
    if (!step.template && step.actions.length === 0) errors[`steps.${i}`] = t('ladder.error_does_nothing');
    if (step.actions.some((a) => a.type !== 'assign_task') && step.offset_days <= 0) errors[`steps.${i}.actions`] = t('ladder.error_action_overdue');
    if (step.actions.some((a) => a.type === 'hand_off') && i !== steps.length - 1) errors[`steps.${i}.actions`] = t('ladder.error_hand_off_last');
  });
  return errors;
}

function newKey(steps: Step[]): string {
  for (let n = steps.length + 1; ; n++) if (!steps.some((s) => s.key === `step_${n}`)) return `step_${n}`;
}

export function ReminderSettings({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation(NS);
  const query = useQuery({ queryKey: ['settings', 'reminder_ladder'], queryFn: () => api<Ladder>('/v1/settings/reminder_ladder') });
  return (
    <Stack gap="lg">
      <OwnerOnlyNote show={!canEdit} />
      <Section title={t('ladder.title')} description={t('ladder.description')}>
        {query.isPending ? <SectionSkeleton /> : query.isError ? <ErrorAlert error={query.error} /> : <LadderEditor ladder={query.data} canEdit={canEdit} />}
      </Section>
    </Stack>
  );
}

function LadderEditor({ ladder, canEdit }: { ladder: Ladder; canEdit: boolean }) {
  const { t } = useTranslation(NS);
  const client = useQueryClient();
  const [steps, setSteps] = useState<Step[]>(ladder.steps);
  const [writeOff, setWriteOff] = useState(ladder.write_off_on_hand_off);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<unknown>(null);
  const save = useMutation({
    mutationFn: (body: Ladder) => api<Ladder>('/v1/settings/reminder_ladder', { body }),
    onSuccess: (saved) => {
      client.setQueryData(['settings', 'reminder_ladder'], saved);
      setSteps(saved.steps);
      notifySaved(t('common.saved'));
    },
    onError: (error) => {
      if (error instanceof ApiError && error.param) {
        const param = normalise(error.param)
          .replace(/\.actions\.\d+$/, '.actions')
          .replace(/\.key$/, '');
        setErrors({ [param]: error.message });
      } else setGeneral(error);
    },
  });
  const update = (i: number, patch: Partial<Step>) => setSteps((old) => old.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const move = (i: number, by: -1 | 1) =>
    setSteps((old) => {
      const next = [...old];
      const [step] = next.splice(i, 1);
      next.splice(i + by, 0, step!);
      return next;
    });
  const add = () => {
    const last = steps[steps.length - 1];
    setSteps([
      ...steps,
      { key: newKey(steps), offset_days: last ? Math.min(last.offset_days + 7, 365) : 0, channels: null, template: 'friendly', actions: [] },
    ]);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setGeneral(null);
    const found = validate(steps, t);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    save.mutate({ steps, write_off_on_hand_off: writeOff });
  };
  return (
    <form onSubmit={submit} noValidate>
      <ErrorAlert error={general} />
      {errors.steps && (
        <Text c="red" size="sm" role="alert" mb="sm">
          {errors.steps}
        </Text>
      )}
      <Stack gap="sm">
        {steps.map((step, i) => (
          <Card
            key={step.key}
            withBorder
            padding="sm"
            radius="md"
            data-testid="ladder-step"
            aria-label={t('ladder.step_label', { number: i + 1 })}
            component="fieldset"
            style={{ margin: 0 }}
          >
            <Group justify="space-between" mb="xs" wrap="nowrap">
              <Group gap="xs">
                <Badge variant="light" color="gray">
                  {i + 1}
                </Badge>
                <Text size="sm" c="dimmed">
                  {step.offset_days < 0
                    ? t('ladder.before', { count: -step.offset_days })
                    : step.offset_days === 0
                      ? t('ladder.on_due')
                      : t('ladder.after', { count: step.offset_days })}
                </Text>
              </Group>
              {canEdit && (
                <Group gap={4} wrap="nowrap">
                  <ActionIcon variant="subtle" color="gray" onClick={() => move(i, -1)} disabled={i === 0} aria-label={t('ladder.move_up', { number: i + 1 })}>
                    <IconArrowUp size={16} />
                  </ActionIcon>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    onClick={() => move(i, 1)}
                    disabled={i === steps.length - 1}
                    aria-label={t('ladder.move_down', { number: i + 1 })}
                  >
                    <IconArrowDown size={16} />
                  </ActionIcon>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    onClick={() => setSteps(steps.filter((_, j) => j !== i))}
                    aria-label={t('ladder.remove', { number: i + 1 })}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Group>
              )}
            </Group>
            <Group grow align="flex-start" wrap="wrap" gap="sm" style={{ rowGap: 8 }}>
              <NumberInput
                label={t('ladder.offset')}
                description={t('ladder.offset_help')}
                min={-60}
                max={365}
                allowDecimal={false}
                value={step.offset_days}
                onChange={(v) => update(i, { offset_days: typeof v === 'number' ? v : Number.parseInt(v, 10) || 0 })}
                error={errors[`steps.${i}.offset_days`]}
                disabled={!canEdit}
                miw={140}
              />
              <Select
                label={t('ladder.template')}
                value={step.template ?? ''}
                onChange={(v) => update(i, { template: v || null, channels: v ? step.channels : null })}
                allowDeselect={false}
                data={[{ value: '', label: t('ladder.template_none') }, ...TEMPLATES.map((tpl) => ({ value: tpl, label: t(`ladder.template_${tpl}`) }))]}
                error={errors[`steps.${i}.template`]}
                disabled={!canEdit}
                miw={160}
              />
              <MultiSelect
                label={t('ladder.channels')}
                placeholder={step.channels?.length ? undefined : t('ladder.channels_default')}
                value={step.channels ?? []}
                onChange={(v) => update(i, { channels: v.length ? v : null })}
                data={CHANNELS.map((c) => ({ value: c, label: t(`ladder.channel_${c}`) }))}
                error={errors[`steps.${i}.channels`]}
                disabled={!canEdit || !step.template}
                miw={180}
              />
            </Group>
            <Chip.Group
              multiple
              value={step.actions.filter((a) => a.type !== 'assign_task').map((a) => a.type)}
              onChange={(types) =>
                update(i, { actions: [...step.actions.filter((a) => a.type === 'assign_task'), ...types.map((type) => ({ type }) as Action)] })
              }
            >
              <Group gap="xs" mt="sm" aria-label={t('ladder.actions')} role="group">
                <Text size="sm" fw={500}>
                  {t('ladder.actions')}
                </Text>
                {SIMPLE_ACTIONS.map((a) => (
                  <Chip key={a} value={a} size="xs" disabled={!canEdit}>
                    {t(`ladder.action_${a}`)}
                  </Chip>
                ))}
                {step.actions
                  .filter((a) => a.type === 'assign_task')
                  .map((a) => (
                    <Badge key="assign" variant="outline">
                      {t('ladder.action_assign_task', { email: 'assignee_email' in a ? a.assignee_email : '' })}
                    </Badge>
                  ))}
              </Group>
            </Chip.Group>
            {(errors[`steps.${i}.actions`] || errors[`steps.${i}`]) && (
              <Text c="red" size="xs" mt={4} role="alert">
                {errors[`steps.${i}.actions`] ?? errors[`steps.${i}`]}
              </Text>
            )}
          </Card>
        ))}
      </Stack>
      {canEdit && (
        <Button mt="sm" variant="light" leftSection={<IconPlus size={16} />} onClick={add} disabled={steps.length >= MAX_STEPS}>
          {t('ladder.add')}
        </Button>
      )}
      <Switch
        mt="lg"
        label={t('ladder.write_off')}
        description={t('ladder.write_off_help')}
        checked={writeOff}
        onChange={(e) => setWriteOff(e.currentTarget.checked)}
        disabled={!canEdit}
      />
      {canEdit && <SaveRow loading={save.isPending} />}
    </form>
  );
}
