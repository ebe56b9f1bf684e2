import { Button, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { api } from '@shared/api.ts';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import { NS } from '../pages/requests/types.ts';
import { playChime } from './sound.ts';

/** What `GET /v1/notifications/stream` sends in each `notification` event. */
export type LiveNotification = { id: string; kind: string; request_id: string | null; title: string; created_at: number };

export const NOTIFICATIONS_KEY = ['notifications'] as const;

const KINDS = ['request_assigned', 'request_message', 'review_waiting'];
export const kindKey = (kind: string) => `notifications.kind.${KINDS.includes(kind) ? kind : 'other'}`;

const FIRST_RETRY_MS = 1_000;
const LAST_RETRY_MS = 30_000;

/**
 * Listens to the server's notification stream for as long as the back office is open: each
 * event shows a pop-up at once (a click opens the request), plays the chime when the person
 * turned sound on, and refreshes the bell and the inbox. EventSource retries a dropped
 * connection by itself; when the browser gives up (the server answered an error, or the
 * network was gone too long) we open a new one, waiting longer each time.
 */
export function useLiveNotifications(soundOn: boolean) {
  const { t } = useTranslation(NS);
  const client = useQueryClient();
  const [, navigate] = useLocation();
  // The stream stays open across renders; it reads the latest settings through refs.
  const latest = useRef({ soundOn, t, navigate });
  latest.current = { soundOn, t, navigate };

  useEffect(() => {
    const shown = new Set<string>();
    let source: EventSource | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let delay = FIRST_RETRY_MS;
    let stopped = false;

    const refresh = () => {
      void client.invalidateQueries({ queryKey: NOTIFICATIONS_KEY });
      void client.invalidateQueries({ queryKey: ['requests'] });
    };
    const onNotification = (event: MessageEvent<string>) => {
      const notification = JSON.parse(event.data) as LiveNotification;
      if (shown.has(notification.id)) return;
      shown.add(notification.id);
      showPopup(notification, latest.current.t, (path) => {
        // Opening it from the pop-up is reading it.
        void api('/v1/notifications/read', { body: { ids: [notification.id] } }).finally(refresh);
        latest.current.navigate(path);
      });
      if (latest.current.soundOn) playChime();
      refresh();
    };
    const connect = () => {
      source = new EventSource('/v1/notifications/stream');
      source.addEventListener('notification', onNotification);
      source.onopen = () => {
        // Whatever arrived while we were away is in the list, not in the stream.
        if (delay !== FIRST_RETRY_MS) refresh();
        delay = FIRST_RETRY_MS;
      };
      source.onerror = () => {
        if (stopped || source?.readyState !== EventSource.CLOSED) return;
        source.close();
        retryTimer = setTimeout(connect, delay);
        delay = Math.min(delay * 2, LAST_RETRY_MS);
        // A session that ended shows up here first: asking the list lets the app notice and show sign-in.
        refresh();
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(retryTimer);
      source?.close();
    };
  }, [client]);
}

function showPopup(notification: LiveNotification, t: (key: string) => string, navigate: (path: string) => void) {
  const requestPath = notification.request_id ? `/requests/${notification.request_id}` : null;
  const open = () => {
    notifications.hide(notification.id);
    if (requestPath) navigate(requestPath);
  };
  notifications.show({
    id: notification.id,
    title: t(kindKey(notification.kind)),
    color: notification.kind === 'review_waiting' ? 'orange' : 'teal',
    autoClose: 10_000,
    withBorder: true,
    message: (
      <>
        {/* Mantine greys a titled notification's text below AA contrast: keep it the page's text colour. */}
        <Text size="sm" c="var(--mantine-color-text)">
          {notification.title}
        </Text>
        {requestPath && (
          <Button variant="light" size="compact-sm" mt={6} onClick={open}>
            {t('notifications.open_request')}
          </Button>
        )}
      </>
    ),
  });
}
