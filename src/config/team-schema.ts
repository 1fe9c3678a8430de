// Config blocks of team scale (SPEC "Team scale"): who may call the data plane, the exact response
// cache, and per-provider rate limits. Kept apart from schema.ts so that file only imports them.
import { z } from 'zod';

export const authSchema = z
  .strictObject({
    // Every data-plane request needs a key: one of `apiKeys` or a virtual key (`router keys create`).
    required: z.boolean().default(false),
  })
  .default({ required: false });

export const cacheSchema = z
  .strictObject({
    // Off: no route caches, whatever its `cache: true` says.
    enabled: z.boolean().default(false),
    ttlSeconds: z.number().positive().default(3600),
    maxEntries: z.number().int().positive().default(10_000),
    // Only requests at temperature 0 (or unset) are cached unless this is true: a sampled answer is one of many.
    anyTemperature: z.boolean().default(false),
  })
  .default({ enabled: false, ttlSeconds: 3600, maxEntries: 10_000, anyTemperature: false });

/** Spread into the provider schema: upstream rate limits the router keeps itself, before the provider's 429. */
export const providerLimitFields = {
  rpm: z.number().int().positive().optional(),
  tpm: z.number().int().positive().optional(),
  // Requests in flight to this provider at most; more wait in a queue.
  concurrency: z.number().int().positive().optional(),
  // The longest a request waits for a slot or the next window (also bounded by its first-token deadline); longer: fail over.
  queueTimeoutMs: z.number().int().nonnegative().optional(),
};

export const providerLimitDefaults = { queueTimeoutMs: 5_000 } as const;
