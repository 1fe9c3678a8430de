// A/B experiments: which experiment runs on a route, and which arm a request belongs to. The arm
// is a hash of the experiment id and the key (the x-router-session header, else the decision id),
// so a session keeps its arm across requests, daemons and restarts.
import type { Experiment } from '../config/schema.js';
import { hash32 } from './random.js';
import type { RequestFacts } from './types.js';

export interface Assignment {
  id: string;
  arm: string;
  /** What was hashed: the session header, or the decision id (key: decision, or no session header). */
  key: 'session' | 'decision';
}

export const SESSION_HEADER = 'x-router-session';

/** The experiment running on `route` at `now`, if any (an ended one leaves the route as configured). */
export function experimentFor(
  experiments: Readonly<Record<string, Experiment>> | undefined,
  route: string,
  now: number,
): Experiment | undefined {
  if (!experiments) return undefined;
  for (const e of Object.values(experiments)) {
    if (e.route === route && (e.untilMs === undefined || now < e.untilMs)) return e;
  }
  return undefined;
}

const BUCKETS = 10_000;

/** Arms in name order, so reordering the YAML does not move anyone to another arm. */
export function armFor(e: Experiment, keyValue: string): string {
  const bucket = hash32(`${e.id}\u0000${keyValue}`) % BUCKETS;
  const names = Object.keys(e.split).sort();
  let upTo = 0;
  for (const name of names) {
    upTo += ((e.split[name] ?? 0) * BUCKETS) / 100;
    if (bucket < upTo) return name;
  }
  return names[names.length - 1] ?? '';
}

export function assign(e: Experiment, facts: RequestFacts, decisionId: string): Assignment {
  const session = e.key === 'session' ? facts.headers[SESSION_HEADER] : undefined;
  const key = typeof session === 'string' && session !== '' ? 'session' : 'decision';
  return { id: e.id, arm: armFor(e, key === 'session' ? (session as string) : decisionId), key };
}
