import { Route, Switch } from 'wouter';
import { NotFound } from '../../not-found.tsx';
import { CustomerList } from './customer-list.tsx';
import { CustomerProfile } from './customer-profile.tsx';
import { DuplicatesPage } from './duplicates-page.tsx';

/** Customers: the searchable list at /app/customers and a profile per customer. */
export default function CustomersArea() {
  return (
    <>
      <Switch>
        <Route path="/" component={CustomerList} />
        <Route path="/duplicates" component={DuplicatesPage} />
        <Route path="/:id">{(params) => <CustomerProfile id={params.id} />}</Route>
        <Route component={NotFound} />
      </Switch>
    </>
  );
}
