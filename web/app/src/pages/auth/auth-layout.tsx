import { Box, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { LanguageSwitcher } from '../../language-switcher.tsx';

/** The frame of every page shown before there is a session: brand, a card, the language switcher. */
export function AuthLayout({ title, subtitle, children }: { title: string; subtitle?: ReactNode; children: ReactNode }) {
  return (
    <Box mih="100vh" bg="var(--mantine-color-gray-0)" py="xl" px="md">
      <Group justify="flex-end" maw={440} mx="auto" mb="md">
        <LanguageSwitcher />
      </Group>
      <Center>
        <Stack w="100%" maw={440} gap="lg">
          <Text fw={800} fz={28} ta="center" c="indigo.8" aria-hidden>
            Duly
          </Text>
          <Paper withBorder shadow="sm" radius="md" p={{ base: 'md', xs: 'xl' }}>
            <Stack gap="md">
              <div>
                <Title order={1} size="h3">
                  {title}
                </Title>
                {subtitle && (
                  <Text size="sm" c="gray.7" mt={4}>
                    {subtitle}
                  </Text>
                )}
              </div>
              {children}
            </Stack>
          </Paper>
        </Stack>
      </Center>
    </Box>
  );
}
