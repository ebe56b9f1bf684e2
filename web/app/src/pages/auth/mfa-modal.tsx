import { Alert, Badge, Button, Code, CopyButton, Group, Image, Modal, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { api } from '@shared/api.ts';
import { IconAlertCircle, IconCheck, IconCopy, IconDownload } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../session.tsx';
import { splitError } from './errors.ts';
import { SecretField } from './secret-field.tsx';

type Enrolment = { secret: string; otpauth_url: string; qr_data_url: string };

/** Two-factor settings: turn on (QR code, confirm, recovery codes shown once) or turn off (password + code). */
export function MfaModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation('app-auth');
  const session = useSession();
  return (
    <Modal opened={opened} onClose={onClose} title={t('mfa.settings_title')} size="lg" fullScreen={false}>
      {opened && (session.user.mfa_enabled ? <DisableMfa onDone={onClose} /> : <EnableMfa onDone={onClose} />)}
    </Modal>
  );
}

function EnableMfa({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation('app-auth');
  const queryClient = useQueryClient();
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const enrol = useMutation({ mutationFn: () => api<Enrolment>('/auth/mfa/enrol', { method: 'POST' }) });
  const confirm = useMutation({
    mutationFn: () => api<{ recovery_codes: string[] }>('/auth/mfa/enrol/confirm', { body: { code } }),
    onSuccess: (result) => setCodes(result.recovery_codes),
  });
  const { field, general } = splitError(confirm.error ?? enrol.error, ['code']);

  if (codes) {
    const text = codes.join('\n');
    const download = () => {
      const url = URL.createObjectURL(new Blob([`${text}\n`], { type: 'text/plain' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = 'duly-recovery-codes.txt';
      link.click();
      URL.revokeObjectURL(url);
    };
    return (
      <Stack gap="md">
        <Alert color="teal" icon={<IconCheck size={18} />} role="status">
          {t('mfa.enabled')}
        </Alert>
        <Text size="sm">{t('mfa.recovery_explain')}</Text>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs" aria-label={t('mfa.recovery_codes')}>
          {codes.map((c) => (
            <Code key={c} fz="md" ta="center">
              {c}
            </Code>
          ))}
        </SimpleGrid>
        <Group>
          <CopyButton value={text}>
            {({ copied, copy }) => (
              <Button variant="light" leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />} onClick={copy}>
                {copied ? t('mfa.copied') : t('mfa.copy')}
              </Button>
            )}
          </CopyButton>
          <Button variant="light" leftSection={<IconDownload size={16} />} onClick={download}>
            {t('mfa.download')}
          </Button>
        </Group>
        <Button
          onClick={() => {
            void queryClient.invalidateQueries({ queryKey: ['session'] });
            onDone();
          }}
        >
          {t('mfa.saved_codes')}
        </Button>
      </Stack>
    );
  }

  if (!enrol.data) {
    return (
      <Stack gap="md">
        <Group gap="xs">
          <Badge color="gray">{t('mfa.off')}</Badge>
        </Group>
        <Text size="sm">{t('mfa.explain')}</Text>
        {general && (
          <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
            {general}
          </Alert>
        )}
        <Button onClick={() => enrol.mutate()} loading={enrol.isPending}>
          {t('mfa.start')}
        </Button>
      </Stack>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    confirm.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm">{t('mfa.scan')}</Text>
        <Image src={enrol.data.qr_data_url} alt={t('mfa.qr_alt')} w={220} h={220} mx="auto" />
        <Text size="sm">{t('mfa.manual')}</Text>
        <Group gap="xs" wrap="nowrap">
          <Code fz="sm" style={{ wordBreak: 'break-all' }}>
            {enrol.data.secret}
          </Code>
          <CopyButton value={enrol.data.secret}>
            {({ copied, copy }) => (
              <Button size="xs" variant="subtle" onClick={copy} aria-label={t('mfa.copy_secret')}>
                {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
              </Button>
            )}
          </CopyButton>
        </Group>
        {general && (
          <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
            {general}
          </Alert>
        )}
        <TextInput
          label={t('fields.code')}
          inputMode="numeric"
          autoComplete="one-time-code"
          required
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          error={field.code}
        />
        <Button type="submit" loading={confirm.isPending}>
          {t('mfa.confirm')}
        </Button>
      </Stack>
    </form>
  );
}

function DisableMfa({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation('app-auth');
  const queryClient = useQueryClient();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const disable = useMutation({
    mutationFn: () => api('/auth/mfa/disable', { body: { password, code } }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['session'] });
      onDone();
    },
  });
  const { field, general } = splitError(disable.error, ['password', 'code']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    disable.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Group gap="xs">
          <Badge color="teal">{t('mfa.on')}</Badge>
        </Group>
        <Text size="sm">{t('mfa.disable_explain')}</Text>
        {general && (
          <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
            {general}
          </Alert>
        )}
        <SecretField
          label={t('fields.password')}
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={field.password}
        />
        <TextInput
          label={t('fields.code')}
          inputMode="numeric"
          autoComplete="one-time-code"
          required
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          error={field.code}
        />
        <Button type="submit" color="red" loading={disable.isPending}>
          {t('mfa.disable')}
        </Button>
      </Stack>
    </form>
  );
}
