// The methods of virtual keys and the response cache, spread into the one method table (methods.ts).
import { z } from 'zod';
import type { CacheStatsDTO, KeyDTO, KeySecretDTO } from './keys-dto.js';

// The table's own helper, repeated here: importing it from methods.ts would make a cycle.
const spec =
  <R>() =>
  <P extends z.ZodType>(params: P): { params: P; result?: R } => ({ params });

const keyName = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_.@-]+$/, 'key names use letters, digits, _ . @ -');
const byName = z.strictObject({ name: keyName });

export const keyMethods = {
  /** A new virtual key; the answer carries its secret (`key`), which is never shown again. */
  'keys.create': spec<KeySecretDTO>()(
    z.strictObject({
      name: keyName,
      budgetUsd: z.number().nonnegative().max(1e9).optional(),
      monthly: z.boolean().default(false),
      rpm: z.number().int().positive().max(1e9).optional(),
      tpm: z.number().int().positive().max(1e12).optional(),
      routes: z.array(z.string().min(1).max(300)).max(1000).optional(),
    }),
  ),
  'keys.list': spec<{ keys: KeyDTO[] }>()(z.strictObject({}).default({})),
  'keys.show': spec<KeyDTO>()(byName),
  /** The key stops working at once (401); it stays listed, with its spend. */
  'keys.revoke': spec<KeyDTO>()(byName),
  /** A new secret for the same key (limits and spend kept); the old one stops working at once. */
  'keys.rotate': spec<KeySecretDTO>()(byName),
  'cache.stats': spec<CacheStatsDTO>()(z.strictObject({}).default({})),
  'cache.clear': spec<{ cleared: number }>()(z.strictObject({}).default({})),
};
