// Unwrap a plan result in a test, failing with what came back instead.
import type { PlanErr, PlanOk } from '../../src/engine/plan.js';

export function ok(r: PlanOk | PlanErr): PlanOk {
  if (!r.ok) throw new Error(`expected a plan, got ${r.code}: ${r.message}`);
  return r;
}

export function err(r: PlanOk | PlanErr): PlanErr {
  if (r.ok) throw new Error(`expected an error, got ${r.trace.plannedOrder.join(',')}`);
  return r;
}
