import type { AppContext } from '../app-context.ts';
import { runDueWork } from './scheduler.ts';

/** Runs due work every interval until stopped; a failing tick is logged and the next one tries again. */
export function startSchedulerLoop(ctx: AppContext, intervalMs: number, log: (message: string, error?: unknown) => void) {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    try {
      const done = await runDueWork(ctx);
      if (done.renewed + done.charged + done.refunded > 0) log(`scheduler: renewed ${done.renewed}, charged ${done.charged}, refunded ${done.refunded}`);
    } catch (error) {
      log('scheduler tick failed', error);
    }
    if (!stopped) {
      timer = setTimeout(() => {
        running = tick();
      }, intervalMs);
    }
  };
  running = tick();
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
  };
}
