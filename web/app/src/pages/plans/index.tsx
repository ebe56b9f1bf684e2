import { Route, Switch } from 'wouter';
import { NotFound } from '../../not-found.tsx';
import { PlanCreate } from './plan-create.tsx';
import { PlanDetail } from './plan-detail.tsx';
import { PlanList } from './plan-list.tsx';

/** Payment plans: the list, a plan for a customer's open invoices, and a plan's instalments. */
export default function PlansArea() {
  return (
    <>
      <Switch>
        <Route path="/" component={PlanList} />
        <Route path="/new" component={PlanCreate} />
        <Route path="/:id">{(params) => <PlanDetail id={params.id} />}</Route>
        <Route component={NotFound} />
      </Switch>
    </>
  );
}
