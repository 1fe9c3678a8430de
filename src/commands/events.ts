import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base.js';
import { parseSince } from '../cli/time-window.js';
import type { RouterEvent } from '../protocol/index.js';

const eventKey = (e: RouterEvent) => ('decisionId' in e ? `${e.type}:${e.decisionId}:${e.type === 'attempt' ? e.seq : ''}` : undefined);

export default class Events extends BaseCommand {
  static override summary = 'Decisions, attempts and requests as JSON lines: from the ledger (--since), and live with --follow.';
  static override examples = ['<%= config.bin %> events --since 15m', '<%= config.bin %> events --follow', '<%= config.bin %> events --follow --since 1h | jq .'];
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
        const { events } = await c.call('events.history', { sinceMs: sinceMs!, limit: flags.limit });
        if (this.jsonEnabled()) return events;
        events.forEach(print);
        return;
      }
      // Subscribe first and hold live events back, so nothing falls between history and live.
      let held: RouterEvent[] | null = [];
      c.onEvent((e) => (held ? held.push(e) : print(e)));
      await c.call('events.subscribe');
      const seen = new Set<string>();
      if (sinceMs !== undefined) {
        for (const e of (await c.call('events.history', { sinceMs, limit: flags.limit })).events) {
          const key = eventKey(e);
          if (key) seen.add(key);
          print(e);
        }
      }
      for (const e of held) if (!seen.has(eventKey(e) ?? '')) print(e);
      held = null;
      process.once('SIGINT', () => c.close());
      process.once('SIGTERM', () => c.close());
      await c.closed();
    });
  }
}
