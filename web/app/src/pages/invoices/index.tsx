import { Route, Switch } from 'wouter';
import { NotFound } from '../../not-found.tsx';
import { InvoiceCreate } from './invoice-create.tsx';
import { InvoiceDetail } from './invoice-detail.tsx';
import { InvoiceList } from './invoice-list.tsx';

/** Invoices: list with status filter, a one-off invoice form and the invoice page with its actions. */
export default function InvoicesArea() {
  return (
    <>
      <Switch>
        <Route path="/" component={InvoiceList} />
        <Route path="/new" component={InvoiceCreate} />
        <Route path="/:id">{(params) => <InvoiceDetail id={params.id} />}</Route>
        <Route component={NotFound} />
      </Switch>
    </>
  );
}
