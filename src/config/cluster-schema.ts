// `cluster:` — several daemons on one Redis act as one router (see src/daemon/cluster/). Absent: the
// daemon runs on SQLite alone, as before.
import { z } from 'zod';

const clusterId = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'use 1-64 letters, digits, _ . -');

export const clusterSchema = z.strictObject({
  // redis://[user:password@]host:port[/db] or rediss:// for TLS. The password is never printed.
  redis: z.string().regex(/^rediss?:\/\/[^\s]+$/, 'expected a redis:// or rediss:// URL'),
  // Daemons with the same Redis and name share state; the name is the key prefix router:NAME:.
  name: clusterId,
  // How this daemon is named in `router events` and in its share of the spend. Unset: a name made
  // once per ROUTER_HOME and kept in router.db, so a restarted daemon takes back its own share.
  daemon: clusterId.optional(),
});

export type ClusterConfig = z.output<typeof clusterSchema>;
