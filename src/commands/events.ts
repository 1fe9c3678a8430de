import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base.js';
import { parseSince } from '../cli/time-window.js';
import type { DaemonClient } from '../cli/client.js';
import type { RouterEvent } from '../protocol/index.js';

const eventKey = (e: RouterEvent) => ('decisionId' in e ? `${e.type}:${e.decisionId}:${e.type === 'attempt' ? e.seq : ''}` : undefined);

export default class Events extends BaseCommand {
  static override summary = 'Decisions, attempts and requests as JSON lines: from the ledger (--since), and live with --follow.';
  static override examples = [
    '<%= config.bin %> events --since 15m',
    '<%= config.bin %> events --follow',
    '<%= config.bin %> events --follow --since 1h | jq .',
  ];
  static override flags = {
    follow: Flags.boolean({ char: 'f', description: 'keep printing events as they happen (until Ctrl-C)' }),
    since: Flags.string({ description: 'from an ISO time or a duration back (15m, 6h); default: 1h, or only new events with --follow' }),
    limit: Flags.integer({ description: 'at most this many past requests', default: 1000, min: 1, max: 100_000 }),
  };

  async run(): Promise<RouterEvent[] | void> {
    const { flags } = await this.parse(Events);
    const now = Date.now();
    const sinceMs = flags.since !== undefined ? parseSince(flags.since, now) : flags.follow ? undefined : now - 3_600_000;
    const print = (e: RouterEvent) => process.stdout.write(JSON.stringify(e) + '\n');
    return this.withClient(flags, async (c) => {
      if (!flags.follow) {
        if (this.jsonEnabled()) {
          const events: RouterEvent[] = [];
          await history(c, sinceMs!, flags.limit, (page) => void events.push(...page));
          return events;
        }
        return history(c, sinceMs!, flags.limit, (page) => page.forEach(print));
      }
      // Subscribe first and hold live events back, so nothing falls between history and live.
      let held: RouterEvent[] | null = [];
      c.onEvent((e) => (held ? held.push(e) : print(e)));
      await c.call('events.subscribe');
      const seen = new Set<string>();
      if (sinceMs !== undefined) {
        await history(c, sinceMs, flags.limit, (page) => {
          for (const e of page) {
            const key = eventKey(e);
            if (key) seen.add(key);
            print(e);
          }
        });
      }
      for (const e of held) if (!seen.has(eventKey(e) ?? '')) print(e);
      held = null;
      process.once('SIGINT', () => c.close());
      process.once('SIGTERM', () => c.close());
      await c.closed();
    });
  }
}

/** The daemon answers the ledger's history a page at a time (each reply bounded); this follows the pages up to `limit` requests. */
async function history(c: DaemonClient, sinceMs: number, limit: number, onPage: (events: RouterEvent[]) => void): Promise<void> {
  let left = limit;
  let after: string | undefined;
  while (left > 0) {
    const page = await c.call('events.history', { sinceMs, limit: Math.min(left, HISTORY_PAGE), after });
    onPage(page.events);
    left -= page.events.filter((e) => e.type === 'request').length;
    if (page.next === null) return;
    after = page.next;
  }
}

const HISTORY_PAGE = 1000;
