export type { Attachment, ChannelName, ChannelSender, OutboundMessage } from './channel.ts';
export { PermanentDeliveryError, RetryableDeliveryError } from './channel.ts';
export { createSmtpSender, messageIdFor, type SmtpSender, type SmtpSenderOptions } from './email/smtp-sender.ts';
export { createHttpSmsSender, type HttpSmsSenderOptions } from './sms/http-sms-sender.ts';
export { createTelegramSender, type TelegramSenderOptions } from './telegram/telegram-sender.ts';
