import { Route, Switch } from 'wouter';
import { NotFound } from '../../not-found.tsx';
import { Readable } from '../customers/shared/readable.tsx';
import { PlanCreate } from './plan-create.tsx';
import { PlanDetail } from './plan-detail.tsx';
import { PlanList } from './plan-list.tsx';

/** Payment plans: the list, a plan for a customer's open invoices, and a plan's instalments. */
export default function PlansArea() {
  return (
    <Readable>
      <Switch>
        <Route path="/" component={PlanList} />
        <Route path="/new" component={PlanCreate} />
        <Route path="/:id">{(params) => <PlanDetail id={params.id} />}</Route>
        <Route component={NotFound} />
      </Switch>
    </Readable>
  );
}
