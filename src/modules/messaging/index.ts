export { runCardExpiryScan } from './app/card-expiry-scan.ts';
export { type ChannelSettingName, configureChannel } from './app/configure-channel.ts';
export { type AttachmentSource, deliverDueMessages } from './app/deliver-messages.ts';
export { getMessage, listMessages } from './app/list-messages.ts';
export { queueCardExpiryNotices, sendIssuedInvoice, sendPaymentReceipt } from './app/on-billing-events.ts';
export { type MessageRequest, queueCustomerMessage } from './app/queue-message.ts';
export { messages, messagingSettings } from './db/schema.ts';
export { TEMPLATES, type TemplateName } from './domain/templates.ts';
export { messagingRoutes } from './http/routes.ts';
