import { Route, Switch } from 'wouter';
import { CasePage } from './case-page.tsx';
import { CollectionsQueue } from './queue.tsx';

/** Collections (`/app/collections`): the work queue and one page per case. */
export default function CollectionsArea() {
  return (
    <Switch>
      <Route path="/" component={CollectionsQueue} />
      <Route path="/:id">{(params) => <CasePage id={params.id} />}</Route>
    </Switch>
  );
}
