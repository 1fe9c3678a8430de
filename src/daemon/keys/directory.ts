// Where virtual keys live: router.db for one daemon (KeysRepo), Redis with a local mirror in a
// cluster (cluster/key-directory.ts). Reads are synchronous on both (the request path never waits
// for a key lookup); writes may go to Redis first, so they may be asynchronous.
import type { KeyRecord } from '../../store/keys-repo.js';

export interface KeyDirectory {
  list(): KeyRecord[];
  get(name: string): KeyRecord | undefined;
  findByHash(hash: string): KeyRecord | undefined;
  /** false when the name is taken. */
  create(k: KeyRecord): boolean | Promise<boolean>;
  revoke(name: string, at: number): boolean | Promise<boolean>;
  rotate(name: string, secretHash: string, last4: string, at: number): boolean | Promise<boolean>;
}
