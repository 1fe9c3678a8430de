// Merging another daemon's view of target health into ours (a cluster resync): the stricter of the
// two wins, so a provider one daemon saw fail stays avoided by all until its cooldown ends.
import { withState, type Breaker, type Cooldown, type RouterState } from './types.js';

const severity: Record<Breaker['state'], number> = { closed: 0, 'half-open': 1, open: 2 };

function stricterBreaker(mine: Breaker | undefined, theirs: Breaker): Breaker {
  if (!mine) return theirs;
  const diff = severity[theirs.state] - severity[mine.state];
  if (diff !== 0) return diff > 0 ? theirs : mine;
  if (theirs.state === 'open') return (theirs.openUntil ?? 0) > (mine.openUntil ?? 0) ? theirs : mine;
  return theirs.failures.length > mine.failures.length ? theirs : mine;
}

/** Same reference when the other view adds nothing; expired cooldowns are not taken. */
export function mergeHealth(
  state: RouterState,
  cooldowns: Record<string, Cooldown>,
  breakers: Record<string, Breaker>,
  now: number,
): RouterState {
  let nextCooldowns: Record<string, Cooldown> | undefined;
  for (const [key, cd] of Object.entries(cooldowns)) {
    if (cd.until <= now || (state.cooldowns[key]?.until ?? 0) >= cd.until) continue;
    nextCooldowns ??= { ...state.cooldowns };
    nextCooldowns[key] = cd;
  }
  let nextBreakers: Record<string, Breaker> | undefined;
  for (const [key, b] of Object.entries(breakers)) {
    if (stricterBreaker(state.breakers[key], b) !== b) continue;
    nextBreakers ??= { ...state.breakers };
    nextBreakers[key] = b;
  }
  if (!nextCooldowns && !nextBreakers) return state;
  return withState(state, { cooldowns: nextCooldowns ?? state.cooldowns, breakers: nextBreakers ?? state.breakers });
}
