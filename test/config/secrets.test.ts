import { describe, expect, it } from 'vitest';
import { maskSecret, resolveSecret } from '../../src/config/secrets.js';

const files: Record<string, string> = { '/keys/openai': '  sk-from-file-1234\n', '/home/me/.keys/a': 'tok-abc\n', '/keys/empty': ' \n' };
function readFile(path: string): string {
  const text = files[path];
  if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
  return text;
}
const env = { OPENAI_API_KEY: 'sk-env-5678', EMPTY: '', HOME: '/home/me' };

describe('resolveSecret', () => {
  it.each<[string | undefined, { value?: string; problem?: string }]>([
    [undefined, {}],
    ['', {}],
    ['env:OPENAI_API_KEY', { value: 'sk-env-5678' }],
    ['env:MISSING', { problem: 'environment variable MISSING is not set' }],
    ['env:EMPTY', { problem: 'environment variable EMPTY is not set' }],
    ['file:/keys/openai', { value: 'sk-from-file-1234' }],
    ['file:~/.keys/a', { value: 'tok-abc' }],
    ['file:/keys/none', { problem: 'cannot read secret file /keys/none (ENOENT)' }],
    ['file:/keys/empty', { problem: 'secret file /keys/empty is empty' }],
    ['sk-literal-key', { value: 'sk-literal-key' }],
  ])('%s', (ref, expected) => {
    expect(resolveSecret(ref, env, readFile)).toEqual(expected);
  });
});

describe('maskSecret', () => {
  it.each([
    ['sk-proj-abcdefghijklmnop1234', 'sk-…1234'],
    ['sk-ant-api03-xxxxxxxxxxxxxxxxwxyz', 'sk-…wxyz'],
    ['AIzaSyDdI0hCZtE6vySjMm-WEfRq3CPzqKqqsHI', 'AIz…qsHI'],
    ['ghp_16C7e42F292c6912E7710c838347Ae178B4a', 'ghp…8B4a'],
    ['short-key', '…'],
    ['', '…'],
  ])('%s -> %s', (secret, expected) => {
    expect(maskSecret(secret)).toBe(expected);
  });

  it('never contains the hidden middle of the secret', () => {
    const secret = 'sk-live-THE-SECRET-PART-9999';
    expect(maskSecret(secret)).not.toContain('SECRET');
  });
});
