// Anthropic client -> OpenAI upstream: metadata.user_id becomes `user`, which OpenAI caps at 64
// characters (PROTOCOLS 1.2, 3.2). Claude Code sends ~160, so long ids are hashed, never dropped.
import { describe, expect, it } from 'vitest';
import { decodeAnthropicRequest } from '../../../src/wire/anthropic/request-decode.js';
import { encodeOpenAiRequest } from '../../../src/wire/openai/request-encode.js';
import { fnv1a64Hex } from '../../../src/wire/stable-hash.js';

const claudeCodeUserId = `user_${'3f'.repeat(32)}_account_0b8c2f6e-93a1-4d77-9a4e-5c1d2e3f4a5b_session_7d6e5f4a-3b2c-41d0-8e9f-a0b1c2d3e4f5`;
const toOpenAi = (userId: string) =>
  encodeOpenAiRequest(
    decodeAnthropicRequest({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'x' }], metadata: { user_id: userId } }),
  );

describe('metadata.user_id toward OpenAI', () => {
  it('a long Claude Code id becomes a stable user of at most 64 characters', () => {
    expect(claudeCodeUserId.length).toBeGreaterThan(140);
    const user = toOpenAi(claudeCodeUserId).user;
    expect(typeof user).toBe('string');
    expect((user as string).length).toBeLessThanOrEqual(64);
    expect(user).toMatch(/^uid-[0-9a-f]{16}$/);
    // Same id, same user: OpenAI's abuse tracking and prompt caching see one end user.
    expect(toOpenAi(claudeCodeUserId).user).toBe(user);
  });

  it('different long ids give different users', () => {
    const other = claudeCodeUserId.replace('session_7', 'session_8');
    expect(toOpenAi(other).user).not.toBe(toOpenAi(claudeCodeUserId).user);
  });

  it('a short id passes unchanged, including exactly 64 characters', () => {
    expect(toOpenAi('u-1').user).toBe('u-1');
    const sixtyFour = 'a'.repeat(64);
    expect(toOpenAi(sixtyFour).user).toBe(sixtyFour);
    expect(toOpenAi('a'.repeat(65)).user).toMatch(/^uid-[0-9a-f]{16}$/);
  });
});

describe('fnv1a64Hex', () => {
  it('matches the published FNV-1a 64-bit test vectors', () => {
    expect(fnv1a64Hex('')).toBe('cbf29ce484222325');
    expect(fnv1a64Hex('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64Hex('foobar')).toBe('85944171f73967e8');
  });

  it('hashes the UTF-8 bytes of non-ASCII text', () => {
    expect(fnv1a64Hex('é')).not.toBe(fnv1a64Hex('e'));
    expect(fnv1a64Hex('é')).toMatch(/^[0-9a-f]{16}$/);
  });
});
