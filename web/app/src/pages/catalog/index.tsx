import { Stack, Tabs, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Route, Switch, useLocation } from 'wouter';
import { NotFound } from '../../not-found.tsx';
import { ProductDetail } from './product-detail.tsx';
import { ProductList } from './product-list.tsx';
import { TaxRateList } from './tax-rates.tsx';

/** Catalog at /app/catalog: products (with their prices) and tax rates, each tab its own address. */
export default function CatalogArea() {
  return (
    <Switch>
      <Route path="/">
        <CatalogHome tab="products" />
      </Route>
      <Route path="/tax-rates">
        <CatalogHome tab="tax-rates" />
      </Route>
      <Route path="/:id">{(params) => <ProductDetail id={params.id} />}</Route>
      <Route component={NotFound} />
    </Switch>
  );
}

function CatalogHome({ tab }: { tab: 'products' | 'tax-rates' }) {
  const { t } = useTranslation('app-billing');
  const [, navigate] = useLocation();
  return (
    <Stack gap="md">
      <Title order={2}>{t('catalog.title')}</Title>
      <Tabs value={tab} onChange={(value) => navigate(value === 'tax-rates' ? '/tax-rates' : '/')} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="products">{t('products.title')}</Tabs.Tab>
          <Tabs.Tab value="tax-rates">{t('tax.title')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="products" pt="md">
          <ProductList />
        </Tabs.Panel>
        <Tabs.Panel value="tax-rates" pt="md">
          <TaxRateList />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
