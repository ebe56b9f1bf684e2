import { Alert, Container, MantineProvider, Skeleton, Stack } from '@mantine/core';
import { ApiError } from '@shared/api.ts';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Router, Switch } from 'wouter';
import { brandTheme } from './brand.ts';
import { errorText } from './errors.ts';
import { Home } from './home.tsx';
import { useMe } from './queries.ts';
import { SignInRequest, TokenExchange } from './sign-in.tsx';
import type { Me } from './types.ts';

/** Signed in: the page; signed out: the form that emails a sign-in link. */
function Gate({ children }: { children: (me: Me) => ReactNode }) {
  const { t } = useTranslation('portal');
  const me = useMe();
  if (me.isPending) {
    return (
      <Container size="sm" py="xl">
        <Stack aria-busy="true">
          <Skeleton height={48} />
          <Skeleton height={140} />
          <Skeleton height={140} />
        </Stack>
      </Container>
    );
  }
  if (me.error instanceof ApiError && me.error.status === 401) return <SignInRequest />;
  if (me.error) {
    return (
      <Container size="sm" py="xl">
        <Alert color="red" title={t('errors.generic')}>
          {errorText(t, me.error)}
        </Alert>
      </Container>
    );
  }
  return <>{children(me.data)}</>;
}

/** The client portal at /portal: sign-in link exchange, the client's home, one invoice's page. */
export function PortalApp() {
  const me = useMe();
  return (
    <MantineProvider theme={brandTheme(me.data?.business.brand_color)}>
      <Router base="/portal">
        <Switch>
          <Route path="/sign-in">
            <TokenExchange />
          </Route>
          <Route path="/invoices/:id">{(params) => <Gate>{(data) => <Home me={data} focusInvoice={params.id} />}</Gate>}</Route>
          <Route>
            <Gate>{(data) => <Home me={data} />}</Gate>
          </Route>
        </Switch>
      </Router>
    </MantineProvider>
  );
}
