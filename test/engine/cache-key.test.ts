import { describe, expect, it } from 'vitest';
import { cacheability, cacheKeyText } from '../../src/engine/cache-key.js';
import type { CanonicalRequest } from '../../src/wire/canonical.js';
import { makeConfig } from './config-fixture.js';

const base: CanonicalRequest = {
  model: 'main',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'hello' }] }],
  maxTokens: 100,
};

function config(enabled = true, anyTemperature = false) {
  const c = makeConfig({ routes: { main: ['a/x'], plain: ['a/x'] } });
  c.routes.main!.cache = true;
  return { ...c, cache: { ...c.cache, enabled, anyTemperature } };
}

describe('cacheability', () => {
  it.each([
    ['route opted in, temperature unset', config(), 'main', {}, true],
    ['temperature 0', config(), 'main', { temperature: 0 }, true],
    ['sampled', config(), 'main', { temperature: 0.7 }, false],
    ['sampled, anyTemperature', config(true, true), 'main', { temperature: 0.7 }, true],
    ['n = 2', config(), 'main', { n: 2 }, false],
    ['route without cache: true', config(), 'plain', {}, false],
    ['no route (direct provider/model)', config(), null, {}, false],
    ['cache off', config(false), 'main', {}, false],
  ] as const)('%s', (_name, c, route, over, cacheable) => {
    expect(cacheability(c, route, { ...base, ...over }).cacheable).toBe(cacheable);
  });
});

describe('cache key text', () => {
  const same = (a: CanonicalRequest, b: CanonicalRequest, route = 'main') => cacheKeyText(route, a) === cacheKeyText(route, b);

  it.each([
    ['the model name (the route stands for it)', { model: 'auto' }],
    ['streaming', { stream: true }],
    ['the end-user id', { userId: 'u-1' }],
    [
      'key order and string-vs-parts content',
      { messages: [{ asString: true, content: [{ text: 'hello', type: 'text' as const }], role: 'user' as const }] },
    ],
    ['OpenAI framing extras', { extras: { openai: { stream_options: { include_usage: true }, user: 'x', metadata: { a: 1 } } } }],
  ])('ignores %s', (_name, over) => {
    expect(same(base, { ...base, ...over } as CanonicalRequest)).toBe(true);
  });

  it.each([
    ['the messages', { messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hello!' }] }] }],
    ['the temperature', { temperature: 0.2 }],
    ['max tokens', { maxTokens: 101 }],
    ['stop sequences', { stopSequences: ['\n'] }],
    ['the tools', { tools: [{ kind: 'function' as const, name: 'f', inputSchema: { type: 'object' } }] }],
    ['a sampling extra (seed)', { extras: { openai: { seed: 7 } } }],
    ['the system prompt', { system: [{ type: 'text' as const, text: 'be brief' }] }],
  ])('changes with %s', (_name, over) => {
    expect(same(base, { ...base, ...over } as CanonicalRequest)).toBe(false);
  });

  it('changes with the route, and a tool schema property named "model" still counts', () => {
    expect(same(base, base, 'main') && cacheKeyText('main', base) !== cacheKeyText('other', base)).toBe(true);
    const tool = (prop: string): CanonicalRequest => ({
      ...base,
      tools: [{ kind: 'function', name: 'f', inputSchema: { type: 'object', properties: { [prop]: { type: 'string' } } } }],
    });
    expect(same(tool('model'), tool('name'))).toBe(false);
  });
});
