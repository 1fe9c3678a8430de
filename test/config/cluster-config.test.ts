// `cluster:` in config.yaml: validated like every other key, with line:col on each problem.
import { describe, expect, it } from 'vitest';
import { formatProblem, parseConfig } from '../../src/config/load.js';

const file = (cluster: string) => ['providers:', '  sim: { type: simulated }', `cluster: ${cluster}`].join('\n');
const problems = (cluster: string): string[] => {
  const r = parseConfig(file(cluster), 'c.yaml', {});
  return r.ok ? [] : r.problems.map(formatProblem);
};

describe('config cluster', () => {
  it.each([
    ['{ redis: "redis://127.0.0.1:6379", name: team }', { redis: 'redis://127.0.0.1:6379', name: 'team' }],
    ['{ redis: "rediss://u:p@redis.example:6380/2", name: a.b-c_d, daemon: laptop-1 }', { name: 'a.b-c_d', daemon: 'laptop-1' }],
  ])('accepts %s', (cluster, expected) => {
    const r = parseConfig(file(cluster), 'c.yaml', {});
    expect(r.ok && r.config.cluster).toMatchObject(expected);
  });

  it('is absent unless configured: one daemon on SQLite alone', () => {
    const r = parseConfig(['providers:', '  sim: { type: simulated }'].join('\n'), 'c.yaml', {});
    expect(r.ok && r.config.cluster).toBeUndefined();
  });

  it.each([
    ['{ redis: "http://127.0.0.1:6379", name: team }', 'expected a redis:// or rediss:// URL'],
    ['{ redis: "redis://127.0.0.1:6379", name: "team one" }', 'use 1-64 letters, digits, _ . -'],
    ['{ redis: "redis://127.0.0.1:6379", name: "a:b" }', 'use 1-64 letters, digits, _ . -'],
    ['{ redis: "redis://127.0.0.1:6379" }', 'cluster.name'],
    ['{ redis: "redis://127.0.0.1:6379", name: t, nmae: x }', 'unknown key "nmae"'],
  ])('refuses %s', (cluster, reason) => {
    const found = problems(cluster);
    expect(found.length).toBeGreaterThan(0);
    expect(found.join('\n')).toContain(reason);
    expect(found[0]).toMatch(/^c\.yaml:3:\d+ /);
  });
});
