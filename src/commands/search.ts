import { Args } from '@oclif/core';
import { BaseCommand } from '../cli/base.js';
import { table } from '../cli/render/table.js';
import { builtinCatalog } from '../config/catalog.js';

interface Hit {
  kind: 'route' | 'alias' | 'target' | 'catalog';
  name: string;
  detail: string;
}

export default class Search extends BaseCommand {
  static override summary = 'Search routes, aliases, configured targets and the built-in model catalog.';
  static override args = { query: Args.string({ required: true, description: 'words to look for (case-insensitive; all must match)' }) };

  async run(): Promise<Hit[]> {
    const { args, flags } = await this.parse(Search);
    const view = await this.withClient(flags, (c) => c.call('config.view'));
    const words = args.query.toLowerCase().split(/\s+/).filter(Boolean);
    const all: Hit[] = [
      ...view.routes.map((r) => ({
        kind: 'route' as const,
        name: r.id,
        detail: `${r.name ?? ''} ${r.targets.map((t) => t.id).join(', ')}`.trim(),
      })),
      ...view.aliases.map((a) => ({
        kind: 'alias' as const,
        name: a.name,
        detail: Array.isArray(a.to) ? a.to.join(', ') : `route ${a.to}`,
      })),
      ...[...new Set(view.routes.flatMap((r) => r.targets.map((t) => t.id)))].map((id) => ({
        kind: 'target' as const,
        name: id,
        detail: '',
      })),
      ...Object.entries(builtinCatalog).map(([id, m]) => ({
        kind: 'catalog' as const,
        name: id,
        detail: [m.tier, m.reasoning && 'reasoning', m.vision && 'vision'].filter(Boolean).join(' '),
      })),
    ];
    const hits = all.filter((h) => words.every((w) => `${h.name} ${h.detail}`.toLowerCase().includes(w)));
    this.log(
      hits.length
        ? table(
            ['kind', 'name', 'detail'],
            hits.map((h) => [h.kind, h.name, h.detail]),
          )
        : `nothing matches "${args.query}"`,
    );
    return hits;
  }
}
