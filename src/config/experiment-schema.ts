// Config for learning from outcomes (issue 19): per-route score weights and A/B experiments.
// Kept apart from schema.ts so the route and top-level schemas only gain one line each.
import { z } from 'zod';

const weight = z.number().nonnegative();

/** Relative, normalised per route (they need not add up to 1); all zero means "equal". */
export const weightsSchema = z.strictObject({
  cost: weight.default(1),
  latency: weight.default(1),
  quality: weight.default(1),
});

const targetRef = z.string().regex(/^[^/\s]+\/\S+$/, 'expected "provider/model"');
const armName = z.string().regex(/^[A-Za-z0-9_.-]+$/, 'arm names use letters, digits, _ . -');

export const armSchema = z.strictObject({
  targets: z.array(targetRef).min(1, 'an arm that lists targets needs at least one').optional(),
  strategy: z.enum(['adaptive', 'ordered', 'cheapest', 'fastest', 'bandit']).optional(),
  weights: weightsSchema.optional(),
});

export const experimentSchema = z.strictObject({
  route: z.string().min(1),
  /** What is hashed to pick the arm: the x-router-session header (falls back to the decision id), or the decision id. */
  key: z.enum(['session', 'decision']).default('session'),
  /** Percent of the traffic per arm; must add up to 100. */
  split: z.record(armName, z.number().min(0).max(100)),
  arms: z.record(armName, armSchema),
  /** ISO date or time; after it the route goes back to its own settings (the report stays). */
  until: z.string().optional(),
});

export type Weights = z.output<typeof weightsSchema>;
export type ArmConfig = z.output<typeof armSchema>;
export type ExperimentConfig = z.output<typeof experimentSchema>;
