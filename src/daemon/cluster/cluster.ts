// One daemon's membership of a cluster (config `cluster:`): the Redis link and the shares built on
// it. main.ts builds it once, before the spend service, and hands each part to the piece it extends.
import type { ClusterConfig } from '../../config/cluster-schema.js';
import type { ClusterStatusDTO } from '../../protocol/index.js';
import type { Ledger, SpendReader, StateRepo } from '../../store/types.js';
import type { Logger } from '../log.js';
import type { StateHolder } from '../state/holder.js';
import type { BanditHolder } from '../learning/bandit-holder.js';
import { BanditShare } from './bandit-share.js';
import { BudgetShare } from './budget-share.js';
import { Bus } from './bus.js';
import { daemonName } from './daemon-name.js';
import { EventShare, type LocalEvents } from './event-share.js';
import { clusterKeys, type ClusterKeys } from './keys.js';
import { redactRedisUrl, RedisLink } from './link.js';
import { QuotaShare } from './quota-share.js';
import { SpendShare } from './spend-share.js';
import { StateShare } from './state-share.js';
import { sharedTeam, type LocalTeam } from './team-share.js';

export interface ClusterDeps {
  config: ClusterConfig;
  /** The store's own parts, which the cluster extends. */
  repo: StateRepo;
  spend: SpendReader;
  state: StateHolder;
  /** The RPC server's live events (null until it listens). */
  localEvents: () => LocalEvents | null;
  /** Budgets or the cluster's spend changed: recompute what the planner reads. */
  onSpendChange: () => void;
  log: Logger;
  clock: () => number;
}

export class Cluster {
  readonly daemon: string;
  readonly events: EventShare;
  private readonly link: RedisLink;
  private readonly keys: ClusterKeys;
  private readonly bus: Bus;
  private readonly spendShare: SpendShare;
  private readonly budgetShare: BudgetShare;
  private readonly stateShare: StateShare;
  private banditShare: BanditShare | null = null;
  /** UVI quota figures: attach the spend service's poller once it exists. */
  readonly quota: QuotaShare;

  constructor(private readonly d: ClusterDeps) {
    this.daemon = daemonName(d.config.daemon, d.repo);
    const keys = (this.keys = clusterKeys(d.config.name));
    this.link = new RedisLink(d.config.redis, d.log, d.clock);
    const bus = (this.bus = new Bus(this.link, keys, this.daemon, d.log));
    this.stateShare = new StateShare(this.link, keys, bus, d.state, d.clock);
    this.spendShare = new SpendShare(this.link, keys, bus, d.spend, d.clock, d.onSpendChange);
    this.budgetShare = new BudgetShare(this.link, keys, bus, d.repo, d.onSpendChange);
    this.events = new EventShare(bus, d.localEvents, d.clock);
    this.quota = new QuotaShare(this.link, keys, bus);
    this.link.start();
  }

  /** Virtual keys, key and provider counters and the response cache on Redis, the local ones as fallback. */
  team(local: LocalTeam): ReturnType<typeof sharedTeam> {
    return sharedTeam(this.link, this.keys, this.bus, this.daemon, this.d.log, local);
  }

  /** The bandit's observations made here reach every daemon, and theirs reach this one. */
  shareBandit(holder: BanditHolder): void {
    this.banditShare = new BanditShare(this.bus, holder);
  }

  /** Spend of the whole cluster: ours from the ledger, the others' from the mirror. */
  spendReader(): SpendReader {
    return this.spendShare.reader();
  }

  /** The state repo for the spend service: budget overrides set here reach every daemon. */
  budgetRepo(): StateRepo {
    return this.budgetShare.wrap();
  }

  /** The recorder's ledger: a recorded request makes our spend totals due for the next write. */
  watch(ledger: Ledger): Ledger {
    return {
      ...ledger,
      enqueue: (request, attempts) => {
        ledger.enqueue(request, attempts);
        this.spendShare.markDirty();
      },
    };
  }

  /** `current`: the running config's `cluster:`, which a reload may have changed (not applied until a restart). */
  status(current?: ClusterConfig): ClusterStatusDTO {
    const state = this.link.state;
    const dto: ClusterStatusDTO = {
      name: this.d.config.name,
      daemon: this.daemon,
      redis: redactRedisUrl(this.d.config.redis),
      state: state === 'up' ? 'ok' : state === 'down' ? 'degraded' : 'connecting',
      since: new Date(this.link.since).toISOString(),
    };
    if (state !== 'up' && this.link.lastError) dto.error = this.link.lastError;
    if (JSON.stringify(current ?? null) !== JSON.stringify(this.d.config)) dto.restartPending = true;
    return dto;
  }

  /** Last totals out (best effort), then the connections closed. */
  async stop(): Promise<void> {
    this.stateShare.stop();
    this.banditShare?.stop();
    this.events.stop();
    this.spendShare.stop();
    this.spendShare.markDirty();
    await Promise.race([this.spendShare.flush(), new Promise((r) => setTimeout(r, 500))]);
    await this.link.close();
  }
}
