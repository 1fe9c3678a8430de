import { describe, expect, it } from 'vitest';
import { fromAnthropicToolId, toAnthropicToolId } from '../../src/wire/tool-ids.js';
import { stopFromAnthropic, stopFromOpenAi, stopToOpenAi } from '../../src/wire/stop-reasons.js';

describe('tool ids (conformance 9)', () => {
  it.each<[string, string]>([
    ['toolu_01ABC', 'toolu_01ABC'],
    ['call_abc-123', 'call_abc-123'],
    ['functions.Read:0', 'tcx_functions_002eRead_003a0'],
    ['a_b.c', 'tcx_a_005fb_002ec'],
    ['tcx_already', 'tcx_tcx_005falready'],
    ['', 'tcx__'],
    ['ü/é', 'tcx__00fc_002f_00e9'],
  ])('%j -> %j and back', (id, safe) => {
    expect(toAnthropicToolId(id)).toBe(safe);
    expect(toAnthropicToolId(id)).toMatch(/^[a-zA-Z0-9_-]+$/);
    expect(fromAnthropicToolId(safe)).toBe(id);
  });

  it('leaves foreign ids that merely start with the marker alone when they do not decode', () => {
    expect(fromAnthropicToolId('tcx_bad_zz')).toBe('tcx_bad_zz');
  });
});

describe('stop reasons (PROTOCOLS 3.4)', () => {
  it.each<[string | null, boolean, string | null]>([
    ['stop', false, 'end_turn'],
    ['stop', true, 'tool_use'],
    ['tool_calls', true, 'tool_use'],
    ['length', true, 'max_tokens'],
    ['content_filter', false, 'refusal'],
    [null, false, null],
  ])('OpenAI %s (tools %s) -> %s', (finish, tools, stop) => {
    expect(stopFromOpenAi(finish, tools)).toBe(stop);
  });

  it.each<[string, string]>([
    ['end_turn', 'stop'],
    ['max_tokens', 'length'],
    ['tool_use', 'tool_calls'],
    ['refusal', 'content_filter'],
  ])('Anthropic %s -> OpenAI %s', (stop, finish) => {
    expect(stopToOpenAi(stopFromAnthropic(stop))).toBe(finish);
  });
});
