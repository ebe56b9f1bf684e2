import { Center, Loader } from '@mantine/core';
import { ApiError, api } from '@shared/api.ts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect } from 'react';
import { linkPageFor, SignInPage } from './pages/auth/index.tsx';
import { InvitePage } from './pages/auth/invite-page.tsx';
import { ResetPage } from './pages/auth/reset-page.tsx';

export type Role = 'owner' | 'manager' | 'staff';

/** `GET /auth/session`: who is signed in, in which business, with what role. */
export type Session = {
  user: { id: string; email: string; name: string | null; mfa_enabled: boolean };
  business: { id: string; name: string; currency: string; timezone: string; locale: string; mode: 'test' | 'live' };
  role: Role;
  businesses: { id: string; name: string; role: Role }[];
};

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside AuthGate');
  return session;
}

const ROLE_RANK: Record<Role, number> = { staff: 1, manager: 2, owner: 3 };

/** Mirrors the server's rule so the UI hides what the server would refuse anyway. */
export function hasRole(session: Session, least: Role): boolean {
  return ROLE_RANK[session.role] >= ROLE_RANK[least];
}

export const SESSION_QUERY_KEY = ['session'] as const;

/** Shows the sign-in flow until there is a session, then the app with the session in context. */
export function AuthGate({ children }: { children: ReactNode }) {
  useSignOutOnExpiry();
  const query = useQuery({
    queryKey: SESSION_QUERY_KEY,
    queryFn: async () => {
      try {
        return await api<Session>('/auth/session');
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
  });
  if (query.isPending)
    return (
      <Center h="100vh">
        <Loader />
      </Center>
    );
  // Links from emails open their page whether or not someone is signed in on this browser.
  const linkPage = linkPageFor(window.location.pathname);
  if (linkPage === 'invite') return <InvitePage session={query.data ?? null} />;
  if (linkPage === 'reset') return <ResetPage />;
  if (!query.data) return <SignInPage />;
  return <SessionContext.Provider value={query.data}>{children}</SessionContext.Provider>;
}

const ENDED = new Set(['not_signed_in', 'mfa_required']);

/** A call refused because the session ended (idle, signed out elsewhere, removed): ask the server again, which shows sign-in. */
function useSignOutOnExpiry() {
  const queryClient = useQueryClient();
  useEffect(() => {
    const ended = (error: unknown) => error instanceof ApiError && error.status === 401 && ENDED.has(error.code);
    const recheck = () => void queryClient.invalidateQueries({ queryKey: SESSION_QUERY_KEY });
    const unsubscribeQueries = queryClient.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && event.query.queryKey[0] !== SESSION_QUERY_KEY[0] && ended(event.query.state.error)) recheck();
    });
    const unsubscribeMutations = queryClient.getMutationCache().subscribe((event) => {
      if (event.type === 'updated' && ended(event.mutation?.state.error)) recheck();
    });
    return () => {
      unsubscribeQueries();
      unsubscribeMutations();
    };
  }, [queryClient]);
}
