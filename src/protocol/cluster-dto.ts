// What `router status` and `/healthz` say about the cluster link (config `cluster:`).
export interface ClusterStatusDTO {
  name: string;
  /** This daemon's name in the cluster (tags its events and its share of the spend). */
  daemon: string;
  /** The Redis URL with any password shown as ***. */
  redis: string;
  /** ok: shared state is live; degraded: Redis unreachable, serving on local state; connecting: not yet connected. */
  state: 'ok' | 'degraded' | 'connecting';
  /** When the state last changed (ISO). */
  since: string;
  /** Why the link is down, while it is. */
  error?: string;
  /** The config file's `cluster:` changed since start: only a restart applies it. */
  restartPending?: true;
}
