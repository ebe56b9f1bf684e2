import type { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import type { AppContext } from '../../../app-context.ts';
import { listPollingBots, loadUpdateOffset, saveUpdateOffset, type TelegramBotConfig, telegramBotFor } from '../app/telegram-bots.ts';

export type TelegramPollerOptions = {
  /** How long one getUpdates call waits for news (Telegram allows up to 50 s). */
  pollTimeoutSeconds?: number;
  /** How often the list of bots is read again (a token saved, a mode switched). */
  refreshMs?: number;
  log?: (message: string, error?: unknown) => void;
};

export type TelegramPoller = { stop(): Promise<void> };

/** An update that fails this often is skipped (and logged), so one bad update cannot stall a chat for good. */
const MAX_ATTEMPTS = 3;
const MAX_BACKOFF_MS = 60_000;
const RETRY_PAUSE_MS = 1_000;

/**
 * Long polling for every business whose bot is in polling mode (the default; it works behind NAT
 * without a public URL): one getUpdates loop per bot. After each handled update the next offset
 * is saved, so a restart resumes after it and handles no update twice (a crash between handling
 * and saving repeats at most that one update; its chat message is deduplicated by external id).
 * Telegram lets only one getUpdates run per bot at a time, so a second process gets 409 and waits.
 */
export function startTelegramPoller(ctx: AppContext, options: TelegramPollerOptions = {}): TelegramPoller {
  const refreshMs = options.refreshMs ?? 30_000;
  const log = options.log ?? (() => {});
  const loops = new Map<string, BotLoop>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const refresh = async () => {
    try {
      const wanted = new Map((await listPollingBots(ctx)).map((config) => [keyOf(config), config]));
      for (const [key, loop] of loops) {
        if (wanted.has(key)) continue;
        loops.delete(key);
        await loop.stop();
      }
      for (const [key, config] of wanted) {
        if (!stopped && !loops.has(key)) loops.set(key, pollBot(ctx, config, options.pollTimeoutSeconds ?? 25, log));
      }
    } catch (error) {
      log('telegram poller: reading the bots failed', error);
    }
    if (!stopped) {
      timer = setTimeout(() => {
        running = refresh();
      }, refreshMs);
    }
  };
  let running = refresh();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      await Promise.all([...loops.values()].map((loop) => loop.stop()));
      loops.clear();
    },
  };
}

type BotLoop = { stop(): Promise<void> };
// grammY types its signal with the abort-controller shim; Node's own AbortSignal is what it uses at run time.
type GrammySignal = Parameters<Bot['api']['getUpdates']>[1];

const keyOf = (config: TelegramBotConfig) => `${config.tenantId}\n${config.token}\n${config.apiRoot ?? ''}`;

function pollBot(ctx: AppContext, config: TelegramBotConfig, timeout: number, log: (message: string, error?: unknown) => void): BotLoop {
  const abort = new AbortController();
  const attempts = new Map<number, number>();
  const done = (async () => {
    let failures = 0;
    while (!abort.signal.aborted) {
      try {
        const bot = await telegramBotFor(ctx, config);
        const offset = await loadUpdateOffset(ctx, config.tenantId, bot.botInfo.id);
        const updates = await bot.api.getUpdates({ offset, timeout, allowed_updates: ['message'] }, abort.signal as GrammySignal);
        for (const update of updates) {
          if (abort.signal.aborted) break;
          if (await handleOnce(ctx, config, bot, update, attempts, log)) continue;
          await sleep(RETRY_PAUSE_MS, abort.signal);
          break;
        }
        failures = 0;
      } catch (error) {
        if (abort.signal.aborted) break;
        failures += 1;
        log(`telegram poller: getUpdates failed for business ${config.tenantId}`, error);
        await sleep(Math.min(1000 * 2 ** (failures - 1), MAX_BACKOFF_MS), abort.signal);
      }
    }
  })();
  return {
    async stop() {
      abort.abort();
      await done;
    },
  };
}

/** Handles one update and saves the offset after it; false when it failed and should be tried again. */
async function handleOnce(
  ctx: AppContext,
  config: TelegramBotConfig,
  bot: Bot,
  update: Update,
  attempts: Map<number, number>,
  log: (message: string, error?: unknown) => void,
): Promise<boolean> {
  try {
    await bot.handleUpdate(update);
  } catch (error) {
    const tries = (attempts.get(update.update_id) ?? 0) + 1;
    attempts.set(update.update_id, tries);
    if (tries < MAX_ATTEMPTS) {
      log(`telegram poller: update ${update.update_id} of business ${config.tenantId} failed (attempt ${tries}); trying again`, error);
      return false;
    }
    log(`telegram poller: update ${update.update_id} of business ${config.tenantId} failed ${tries} times; skipped`, error);
  }
  attempts.delete(update.update_id);
  await saveUpdateOffset(ctx, config.tenantId, bot.botInfo.id, update.update_id + 1);
  return true;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
