// OpenAI client -> Anthropic upstream: sampling fields recent Claude models accept (PROTOCOLS 2.2,
// 3.1) and the OpenAI fields Anthropic has no answer for.
import { describe, expect, it } from 'vitest';
import { encodeAnthropicRequest } from '../../../src/wire/anthropic/request-encode.js';
import { decodeOpenAiRequest } from '../../../src/wire/openai/request-decode.js';
import type { OpenAiChatRequest } from '../../../src/wire/openai/types.js';
import { WireError } from '../../../src/wire/wire-error.js';

const toAnthropic = (extra: Partial<OpenAiChatRequest>) =>
  encodeAnthropicRequest(decodeOpenAiRequest({ model: 'm', messages: [{ role: 'user', content: 'x' }], ...extra }));

describe('temperature and top_p toward Anthropic', () => {
  it('sends only temperature when the client set both (recent models reject the pair)', () => {
    const out = toAnthropic({ temperature: 0.3, top_p: 0.9 });
    expect(out.temperature).toBe(0.3);
    expect(out).not.toHaveProperty('top_p');
  });

  it('keeps top_p when it is the only one the client set', () => {
    const out = toAnthropic({ top_p: 0.9 });
    expect(out.top_p).toBe(0.9);
    expect(out).not.toHaveProperty('temperature');
  });

  it('keeps temperature alone, clamped to Anthropic range', () => {
    const out = toAnthropic({ temperature: 1.6 });
    expect(out.temperature).toBe(1);
    expect(out).not.toHaveProperty('top_p');
  });
});

describe('n > 1 toward Anthropic', () => {
  it('is a WireError naming param n, raised at encode time', () => {
    let caught: unknown;
    try {
      toAnthropic({ n: 3 });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(WireError);
    expect(caught).toMatchObject({ code: 'unsupported', param: 'n' });
  });

  it('n: 1 is fine', () => {
    expect(toAnthropic({ n: 1 }).messages).toEqual([{ role: 'user', content: 'x' }]);
  });
});
