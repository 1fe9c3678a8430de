// GET /v1/models and /models: every name a client may put in `model` (auto, routes, aliases,
// targets). OpenAI shape by default; Anthropic shape when the client speaks Anthropic (PROTOCOLS 5.8).
import type { IncomingHttpHeaders } from 'node:http';
import type { Config } from '../../config/schema.js';

const CREATED = 1_700_000_000;

interface ModelName {
  id: string;
  owner: string;
  display: string;
}

export function modelNames(config: Config): ModelName[] {
  const seen = new Map<string, ModelName>();
  const add = (id: string, owner: string, display: string) => void (seen.has(id) || seen.set(id, { id, owner, display }));
  add('auto', 'llm-router', 'auto (the active route)');
  for (const r of Object.values(config.routes)) add(r.id, 'llm-router', r.name ?? `route ${r.id}`);
  for (const a of Object.keys(config.aliases)) add(a, 'llm-router', `alias ${a}`);
  for (const r of Object.values(config.routes)) for (const t of r.targets) add(t.id, t.provider, `${t.model} via ${t.provider}`);
  return [...seen.values()];
}

export function wantsAnthropicShape(headers: IncomingHttpHeaders): boolean {
  return headers['anthropic-version'] !== undefined || (headers['x-api-key'] !== undefined && headers.authorization === undefined);
}

export function modelsList(config: Config, anthropic: boolean): object {
  const names = modelNames(config);
  if (!anthropic) {
    return { object: 'list', data: names.map((m) => ({ id: m.id, object: 'model', created: CREATED, owned_by: m.owner })) };
  }
  return {
    data: names.map((m) => ({ type: 'model', id: m.id, display_name: m.display, created_at: new Date(CREATED * 1000).toISOString() })),
    has_more: false,
    first_id: names[0]?.id ?? null,
    last_id: names[names.length - 1]?.id ?? null,
  };
}

/** The id in /v1/models/{id}, percent-decoded; null when the encoding is malformed (the client's 400, not our 500). */
export function decodeModelId(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

export function modelById(config: Config, id: string, anthropic: boolean): object | null {
  const m = modelNames(config).find((n) => n.id === id);
  if (!m) return null;
  return anthropic
    ? { type: 'model', id: m.id, display_name: m.display, created_at: new Date(CREATED * 1000).toISOString() }
    : { id: m.id, object: 'model', created: CREATED, owned_by: m.owner };
}
