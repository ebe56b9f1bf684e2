export { configureStripe, getStripeSettings, type StripeSettingsInput } from './app/configure-stripe.ts';
export { encryptStoredStripeSecrets } from './app/encrypt-stored-secrets.ts';
export { type ReceivedEvent, receiveStripeEvent } from './app/receive-stripe-event.ts';
export { stripeRoutes, stripeWebhookRoutes } from './http/routes.ts';
