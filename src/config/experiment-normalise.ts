// Experiments as the engine reads them: arm targets as objects, `until` as ms epoch.
import type { ExperimentConfig } from './experiment-schema.js';
import type { Arm, Experiment, Target } from './schema.js';

export function normaliseExperiments(
  raw: Record<string, ExperimentConfig> | undefined,
  toTarget: (ref: string) => Target,
): Record<string, Experiment> | undefined {
  if (raw === undefined) return undefined;
  const out: Record<string, Experiment> = {};
  for (const [id, e] of Object.entries(raw)) {
    const arms: Record<string, Arm> = {};
    for (const [name, arm] of Object.entries(e.arms)) arms[name] = { ...arm, targets: arm.targets?.map(toTarget) };
    const untilMs = e.until === undefined ? undefined : Date.parse(e.until);
    out[id] = { ...e, id, arms, untilMs: untilMs !== undefined && Number.isFinite(untilMs) ? untilMs : undefined };
  }
  return out;
}

/** Targets an experiment arm names, so the catalog knows their prices and limits too. */
export function experimentTargets(experiments: Record<string, Experiment> | undefined): Target[] {
  return Object.values(experiments ?? {}).flatMap((e) => Object.values(e.arms).flatMap((arm) => arm.targets ?? []));
}
