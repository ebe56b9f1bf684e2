import { ActionIcon, Anchor, Code, CopyButton, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../session.tsx';
import { Section } from './common.tsx';

const NS = 'app-requests';

function Snippet({ label, code }: { label: string; code: string }) {
  const { t } = useTranslation(NS);
  return (
    <Stack gap={4}>
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm" fw={500}>
          {label}
        </Text>
        <CopyButton value={code}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? t('settings.copied') : t('settings.copy')} withArrow>
              <ActionIcon variant="subtle" color={copied ? 'teal' : 'gray'} onClick={copy} aria-label={t('settings.copy_named', { name: label })}>
                {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
      <Code block style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {code}
      </Code>
    </Stack>
  );
}

/** What to paste into the business's own website: a link, an iframe, or a script tag, per enabled form. */
export function EmbedSnippets({ slug, forms }: { slug: string | null; forms: string[] }) {
  const { t } = useTranslation(NS);
  const { business } = useSession();
  const origin = window.location.origin;
  return (
    <Section title={t('settings.embed_title')} description={t('settings.embed_description')}>
      {!slug && (
        <Text size="sm" c="dimmed" mb="sm">
          {t('settings.embed_no_slug')}
        </Text>
      )}
      {forms.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('settings.embed_no_forms')}
        </Text>
      ) : (
        <Stack gap="lg">
          {forms.map((form) => {
            const base = `${origin}/f/${encodeURIComponent(slug ?? business.id)}`;
            const url = `${base}/${form}`;
            const name = t(`settings.form.${form}`);
            return (
              <Stack key={form} gap="xs" data-testid="embed-snippets">
                <Group gap="xs">
                  <Text fw={600}>{name}</Text>
                  <Anchor href={url} target="_blank" rel="noopener" size="sm">
                    {url}
                  </Anchor>
                </Group>
                <Snippet
                  label={t('settings.embed_iframe', { form: name })}
                  code={`<iframe src="${url}?embed=1" title="${name}" style="width:100%;max-width:40rem;height:640px;border:0" loading="lazy"></iframe>`}
                />
                {/* embed.js (served per business) puts the iframe where the tag stands and sizes it to the form. */}
                <Snippet label={t('settings.embed_script', { form: name })} code={`<script src="${base}/embed.js" data-form="${form}" async></script>`} />
              </Stack>
            );
          })}
        </Stack>
      )}
    </Section>
  );
}
