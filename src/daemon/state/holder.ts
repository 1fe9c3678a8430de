// The single owner of mutable routing state. Every change is an engine reducer applied here; the
// result is persisted (debounced, off the request path) so a restart remembers a provider that is down.
import type { Config } from '../../config/schema.js';
import { prune, reduce } from '../../engine/reduce.js';
import { initialState, stateShape, type RouterState, type StateEvent } from '../../engine/types.js';
import { ROUTER_STATE_KEY as STATE_KEY, type StateRepo } from '../../store/types.js';

const PERSIST_DELAY_MS = 250;

/** Told of every event applied here by this daemon (not of events from other daemons): the cluster's hook. */
export type StateObserver = (event: StateEvent, before: RouterState, after: RouterState) => void;

export class StateHolder {
  private state: RouterState;
  private timer: NodeJS.Timeout | null = null;
  private observer: StateObserver | null = null;

  constructor(
    private readonly repo: StateRepo | null,
    private readonly config: () => Config,
    private readonly clock: () => number = Date.now,
  ) {
    const saved = repo?.get<RouterState>(STATE_KEY);
    this.state = saved ? stateShape(prune({ ...initialState(), ...saved }, clock())) : initialState();
  }

  get current(): RouterState {
    return this.state;
  }

  apply(event: StateEvent): void {
    const before = this.state;
    this.state = reduce(before, event, this.config(), this.clock());
    this.schedulePersist();
    this.observer?.(event, before, this.state);
  }

  /** An event another daemon applied: the same reducer, but not told to the observer again. */
  applyRemote(event: StateEvent): void {
    this.state = reduce(this.state, event, this.config(), this.clock());
    this.schedulePersist();
  }

  observe(observer: StateObserver | null): void {
    this.observer = observer;
  }

  /** Writes now; called on shutdown. */
  persist(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.repo?.set(STATE_KEY, prune(this.state, this.clock()));
  }

  private schedulePersist(): void {
    if (this.timer || !this.repo) return;
    this.timer = setTimeout(() => this.persist(), PERSIST_DELAY_MS);
    this.timer.unref();
  }
}
