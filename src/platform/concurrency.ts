/** Runs `work` over items with at most `limit` in flight: gateway calls wait on the network, not on us. */
export async function forEachConcurrently<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item);
      await yieldToEventLoop();
    }
  });
  await Promise.all(lanes);
}

/**
 * Lets timers and HTTP requests in the same process run. The embedded database answers without
 * ever returning to the event loop, so long billing runs must step aside between units of work.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
