// The wait before a same-target retry: a timer that ends early when the client goes away, so a
// departed client never holds a retry (or its upstream slot) open.
import type { ClientGone } from './providers/types.js';

export function pause(ms: number, gone: ClientGone): Promise<void> {
  if (gone.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      gone.off('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    gone.once('abort', done);
  });
}
