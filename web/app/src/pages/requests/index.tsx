import { Route, Switch } from 'wouter';
import { NotFound } from '../../not-found.tsx';
import { RequestInbox } from './inbox.tsx';
import { RequestDetailPage } from './request-detail.tsx';

/** Requests (`/app/requests`): the inbox by tab and one page per request. */
export default function RequestsArea() {
  return (
    <Switch>
      <Route path="/" component={RequestInbox} />
      <Route path="/:id">{(params) => <RequestDetailPage id={params.id} />}</Route>
      <Route component={NotFound} />
    </Switch>
  );
}
