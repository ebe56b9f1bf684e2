import { Route, Switch } from 'wouter';
import { NotFound } from '../../not-found.tsx';
import { SubscriptionDetail } from './subscription-detail.tsx';
import { SubscriptionList } from './subscription-list.tsx';

/** Subscriptions at /app/subscriptions: the filtered list and a page per subscription. */
export default function SubscriptionsArea() {
  return (
    <Switch>
      <Route path="/" component={SubscriptionList} />
      <Route path="/:id">{(params) => <SubscriptionDetail id={params.id} />}</Route>
      <Route component={NotFound} />
    </Switch>
  );
}
