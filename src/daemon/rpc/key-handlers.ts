// Handlers of the virtual-key and response-cache methods.
import type { CacheStore } from '../cache/types.js';
import type { KeyService } from '../keys/service.js';
import type { Handlers } from './dispatch.js';

type KeyMethod = 'keys.create' | 'keys.list' | 'keys.show' | 'keys.revoke' | 'keys.rotate' | 'cache.stats' | 'cache.clear';

export function createKeyHandlers(keys: KeyService, cache: CacheStore, clock: () => number): Pick<Handlers, KeyMethod> {
  return {
    'keys.create': (p) => keys.create(p),
    'keys.list': async () => ({ keys: await keys.list() }),
    'keys.show': (p) => keys.show(p.name),
    'keys.revoke': (p) => keys.revoke(p.name),
    'keys.rotate': (p) => keys.rotate(p.name),
    'cache.stats': () => cache.stats(clock()),
    'cache.clear': async () => ({ cleared: await cache.clear() }),
  };
}
