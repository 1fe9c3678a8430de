import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatProblem, parseConfig } from '../../src/config/load.js';
import { configSchema } from '../../src/config/schema.js';

const file = fileURLToPath(new URL('../../routes.example.yaml', import.meta.url));
const text = readFileSync(file, 'utf8');

/** The example's commented-out YAML (`# key: …`, `# - item`) made live; prose comments stay comments. */
function uncommentExamples(source: string): string {
  return source
    .split('\n')
    .map((line) => (/^\s*# \s*("[^"]+":|[a-z][\w-]*:( |$)|- )/.test(line) ? line.replace(/^(\s*)# /, '$1') : line))
    .filter((line) => !/^(apiKeys: \[\]|models: \{\}|budgets: \{\})$/.test(line))
    .join('\n');
}

describe('routes.example.yaml', () => {
  it('loads with no errors and no warnings, without keys in the environment', () => {
    const result = parseConfig(text, file, {});
    expect(result.ok ? result.warnings.map(formatProblem) : result.problems.map(formatProblem)).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('runs on two simulated providers with different answers', () => {
    const result = parseConfig(text, file, {});
    if (!result.ok) throw new Error('example did not load');
    const { config } = result;
    expect(config.defaultRoute).toBe('demo');
    expect(config.routes['demo']?.targets.map((t) => t.id)).toEqual(['sim-a/echo', 'sim-b/echo']);
    expect(Object.values(config.providers).map((p) => p.type)).toEqual(['simulated', 'simulated']);
    const texts = Object.values(config.providers).map((p) => p.simulate?.text);
    expect(new Set(texts).size).toBe(2);
  });

  it('shows every top-level key', () => {
    const shown = new Set([...text.matchAll(/^#? ?([a-zA-Z]+):/gm)].map((match) => match[1]));
    expect(Object.keys(configSchema.shape).filter((key) => !shown.has(key))).toEqual([]);
  });

  it('still loads clean with every commented example switched on', () => {
    const env = { OPENAI_API_KEY: 'sk-a', ANTHROPIC_API_KEY: 'sk-b', GEMINI_API_KEY: 'g', DEEPSEEK_API_KEY: 'sk-d' };
    const result = parseConfig(uncommentExamples(text), file, env);
    expect(result.ok ? result.warnings.map(formatProblem) : result.problems.map(formatProblem)).toEqual([]);
    if (!result.ok) return;
    expect(Object.keys(result.config.providers)).toEqual([
      'sim-a',
      'sim-b',
      'openai',
      'anthropic',
      'gemini',
      'deepseek',
      'ollama',
      'claude-max',
    ]);
    expect(Object.keys(result.config.routes)).toEqual(['demo', 'coding', 'cheap']);
    expect(result.config.rules.map((rule) => rule.when.hours ?? rule.name)).toContain('22:00-06:00');
    expect(Object.keys(result.config.budgets)).toEqual(['openai', 'anthropic']);
  });
});
