export { type ChangePlanInput, changePlan } from './app/change-plan.ts';
export { cancelSubscription, pauseSubscription, resumeSubscription, subscriptionPaymentListener } from './app/change-subscription-status.ts';
export { type CreateSubscriptionInput, createSubscription } from './app/create-subscription.ts';
export { findSubscription, getSubscription, listSubscriptions, type SubscriptionRow } from './app/find-subscription.ts';
export { type PlanChangePreview, previewPlanChange } from './app/preview-plan-change.ts';
export { renewDueSubscriptions } from './app/renew-subscription.ts';
export { subscriptionItems, subscriptions } from './db/schema.ts';
