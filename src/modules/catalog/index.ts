export { createPrice, type PriceInput } from './app/create-price.ts';
export { createProduct } from './app/create-product.ts';
export { createTaxRate } from './app/create-tax-rate.ts';
export { findPrices, findProduct, findTaxRate, getPrice, getProduct, listPrices, listProducts, type PriceWithTax } from './app/find-catalog.ts';
export { prices, products, taxRates } from './db/schema.ts';
export { computeLineTax } from './domain/tax.ts';
