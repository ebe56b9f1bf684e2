import { Bot, type Context, Keyboard } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { splitText } from './telegram-sender.ts';

/** Who wrote, in a private chat with the bot. Ids are strings: Telegram's exceed 32 bits. */
export type TelegramUser = {
  chatId: string;
  userId: string;
  firstName: string;
  lastName: string | null;
  /** Telegram's IETF tag of the user's app language ('vi', 'en-GB'), when it tells. */
  languageCode: string | null;
};

/** A contact card the user sent; `userId` is set only when the card is of a Telegram user. */
export type SharedContact = { phoneNumber: string; userId: string | null; firstName: string; lastName: string | null };

/** The keyboard shown under the reply: a button that shares the user's own number, or menu buttons. */
export type BotKeyboard = { contactButton: string } | { buttons: string[] };

export type BotReply = { text: string; keyboard?: BotKeyboard };

/** What the business does with each kind of message; null means no answer. */
export type TelegramBotHandlers = {
  start(user: TelegramUser): Promise<BotReply | null>;
  contact(user: TelegramUser, contact: SharedContact, messageId: number): Promise<BotReply | null>;
  invoices(user: TelegramUser): Promise<BotReply | null>;
  /** Text, or the caption of a photo or document; an empty string for a message with neither. */
  text(user: TelegramUser, text: string, messageId: number): Promise<BotReply | null>;
};

export type TelegramBotOptions = {
  token: string;
  /** Bot API root without a trailing slash; a local Bot API server or a test fake goes here. */
  apiRoot?: string;
  /** Skips the getMe call of `bot.init()` when already known. */
  botInfo?: UserFromGetMe;
};

const MAX_TEXT = 4096;

/**
 * The Telegram side of the client bot: grammY turns updates from private chats into calls of the
 * handlers and sends back their replies. Groups and channels are ignored: the bot links one
 * person's chat to one client. Updates reach it through `bot.handleUpdate` (long polling) or
 * grammY's `webhookCallback`; it never polls by itself.
 */
export function createTelegramBot(options: TelegramBotOptions, handlers: TelegramBotHandlers): Bot {
  const bot = new Bot(options.token, {
    ...(options.apiRoot === undefined ? {} : { client: { apiRoot: options.apiRoot } }),
    ...(options.botInfo === undefined ? {} : { botInfo: options.botInfo }),
  });
  const chats = bot.chatType('private');
  chats.command('start', (ctx) => answer(ctx, handlers.start(userOf(ctx))));
  chats.command('invoices', (ctx) => answer(ctx, handlers.invoices(userOf(ctx))));
  chats.on('message:contact', (ctx) => {
    const card = ctx.message.contact;
    const contact: SharedContact = {
      phoneNumber: card.phone_number,
      userId: card.user_id === undefined ? null : String(card.user_id),
      firstName: card.first_name,
      lastName: card.last_name ?? null,
    };
    return answer(ctx, handlers.contact(userOf(ctx), contact, ctx.message.message_id));
  });
  chats.on('message', (ctx) => answer(ctx, handlers.text(userOf(ctx), ctx.message.text ?? ctx.message.caption ?? '', ctx.message.message_id)));
  return bot;
}

function userOf(ctx: Context): TelegramUser {
  const from = ctx.from!;
  return {
    chatId: String(ctx.chat!.id),
    userId: String(from.id),
    firstName: from.first_name,
    lastName: from.last_name ?? null,
    languageCode: from.language_code ?? null,
  };
}

async function answer(ctx: Context, pending: Promise<BotReply | null>): Promise<void> {
  const reply = await pending;
  if (!reply) return;
  const chunks = splitText(reply.text, MAX_TEXT);
  for (const [index, chunk] of chunks.entries()) {
    // The keyboard rides on the last part, so it stays under the whole answer.
    const last = index === chunks.length - 1;
    await ctx.reply(chunk, last && reply.keyboard ? { reply_markup: keyboardOf(reply.keyboard) } : {});
  }
}

function keyboardOf(keyboard: BotKeyboard): Keyboard {
  if ('contactButton' in keyboard) return new Keyboard().requestContact(keyboard.contactButton).resized().oneTime();
  return Keyboard.from(keyboard.buttons.map((label) => [label]))
    .resized()
    .persistent();
}
