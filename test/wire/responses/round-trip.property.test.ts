// Generated Responses conversations: decode -> encode must give back what the client sent, within
// the format and through Chat Completions and Anthropic Messages (call ids, arguments, outputs).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeAnthropicRequest } from '../../../src/wire/anthropic/request-decode.js';
import { encodeAnthropicRequest } from '../../../src/wire/anthropic/request-encode.js';
import { decodeOpenAiRequest } from '../../../src/wire/openai/request-decode.js';
import { encodeOpenAiRequest } from '../../../src/wire/openai/request-encode.js';
import { decodeResponsesRequest } from '../../../src/wire/responses/request-decode.js';
import { encodeResponsesRequest } from '../../../src/wire/responses/request-encode.js';
import type { ResponsesItem, ResponsesRequest, ResponsesTool } from '../../../src/wire/responses/types.js';

const text = fc.string({ minLength: 1, maxLength: 12 });
const callId = fc.stringMatching(/^call_[a-zA-Z0-9]{1,10}$/);
const fnName = fc.stringMatching(/^[a-z][a-z_]{0,8}[a-z]$/).filter((n) => !n.includes('__'));
const args = fc.dictionary(fc.stringMatching(/^[a-z]{1,5}$/), fc.oneof(fc.integer(), fc.string({ maxLength: 5 }), fc.boolean()), {
  maxKeys: 3,
});
const image = fc
  .stringMatching(/^[A-Za-z0-9+/]{4,12}$/)
  .map((d) => ({ type: 'input_image' as const, image_url: `data:image/png;base64,${d}`, detail: 'auto' }));

const userMsg = fc.oneof(
  text.map((t): ResponsesItem => ({ role: 'user', content: t })),
  fc.tuple(text, image).map(([t, img]): ResponsesItem => ({ role: 'user', content: [{ type: 'input_text', text: t }, img] })),
);

const assistantMsg = text.map((t): ResponsesItem => ({
  type: 'message',
  role: 'assistant',
  content: [{ type: 'output_text', text: t, annotations: [] }],
}));

/** An assistant turn with 1-3 function calls, each answered by its output right after. */
const toolTurn = fc
  .tuple(
    fc.option(text, { nil: undefined }),
    fc.uniqueArray(fc.tuple(callId, fnName, args, text), { minLength: 1, maxLength: 3, selector: (t) => t[0] }),
  )
  .map(([say, calls]): ResponsesItem[] => [
    ...(say === undefined
      ? []
      : [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: say, annotations: [] }] } as ResponsesItem]),
    ...calls.map(([id, name, a]): ResponsesItem => ({ type: 'function_call', call_id: id, name, arguments: JSON.stringify(a) })),
    ...calls.map(([id, , , out]): ResponsesItem => ({ type: 'function_call_output', call_id: id, output: out })),
  ]);

const tools = fc.uniqueArray(fnName, { maxLength: 3 }).map((names): ResponsesTool[] =>
  names.map((name) => ({
    type: 'function',
    name,
    description: `does ${name}`,
    parameters: { type: 'object', properties: { a: { type: 'string' } } },
    strict: false,
  })),
);

const responsesRequest = fc
  .tuple(
    fc.option(text, { nil: undefined }),
    fc.option(text, { nil: undefined }),
    fc.array(
      fc.oneof(
        userMsg.map((m) => [m]),
        toolTurn,
        assistantMsg.map((m) => [m]),
      ),
      { minLength: 0, maxLength: 4 },
    ),
    userMsg,
    tools,
    fc.option(fc.integer({ min: 1, max: 4000 }), { nil: undefined }),
  )
  .map(([instructions, developer, turns, last, toolList, max]): ResponsesRequest => {
    const req: ResponsesRequest = {
      model: 'm',
      input: [...(developer === undefined ? [] : [{ role: 'developer' as const, content: developer }]), ...turns.flat(), last],
      store: false,
    };
    if (instructions !== undefined) req.instructions = instructions;
    if (toolList.length > 0) {
      req.tools = toolList;
      req.tool_choice = 'auto';
      req.parallel_tool_calls = true;
    }
    if (max !== undefined) req.max_output_tokens = max;
    return req;
  });

/**
 * What survives another format: the conversation. `instructions` and leading developer messages
 * are one system prompt to Chat and Anthropic, so they are compared as one.
 */
function conversation(req: ResponsesRequest): unknown {
  const input = [...(req.input as ResponsesItem[])];
  const system: string[] = req.instructions === undefined || req.instructions === null ? [] : [req.instructions];
  while (input.length > 0 && (input[0]?.role === 'developer' || input[0]?.role === 'system')) system.push(String(input.shift()?.content));
  // A text-only user turn is the same turn as a string or as input_text parts.
  const turns = input.map((it) => {
    const c = it.content;
    if (it.role !== 'user' || !Array.isArray(c) || !c.every((p) => p.type === 'input_text')) return it;
    return { ...it, content: c.map((p) => p.text).join('\n') };
  });
  return { system: system.join('\n'), input: turns, tools: req.tools };
}

/** Codex-shaped turns: opaque reasoning before calls into a namespace group, a hosted tool beside it. */
const nsName = fc.stringMatching(/^[a-z][a-z0-9_]{0,6}[a-z0-9]$/).filter((n) => !n.includes('__'));
const codexRequest = fc
  .tuple(
    responsesRequest,
    nsName,
    fc.uniqueArray(fnName, { minLength: 1, maxLength: 3 }),
    fc.array(fc.tuple(callId, fc.stringMatching(/^gAAAA[A-Za-z0-9]{1,12}$/), args), { maxLength: 3 }),
  )
  .map(([base, ns, members, calls]): ResponsesRequest => {
    const group: ResponsesTool = {
      type: 'namespace',
      name: ns,
      description: `group ${ns}`,
      tools: members.map((name) => ({
        type: 'function',
        name,
        description: name,
        parameters: { type: 'object', properties: {} },
        strict: false,
      })),
    };
    const turns: ResponsesItem[] = calls.flatMap(([id, enc, a], i): ResponsesItem[] => [
      { type: 'reasoning', id: `rs_${i}`, summary: [], content: null, encrypted_content: enc },
      { type: 'function_call', call_id: `${id}_${i}`, name: members[i % members.length]!, namespace: ns, arguments: JSON.stringify(a) },
      { type: 'function_call_output', call_id: `${id}_${i}`, output: 'ok' },
    ]);
    return {
      ...base,
      input: [...(base.input as ResponsesItem[]), ...turns, { role: 'user', content: 'next' }],
      tools: [...(base.tools ?? []), group, { type: 'web_search', external_web_access: false }],
      include: ['reasoning.encrypted_content'],
      prompt_cache_key: 'session',
      reasoning: { summary: 'auto', effort: 'medium' },
      tool_choice: 'auto',
      parallel_tool_calls: true,
    };
  });

describe('generated Responses round trips', () => {
  it('Codex-shaped requests (namespace groups, opaque reasoning, hosted tools) -> canonical -> Responses', () => {
    fc.assert(
      fc.property(codexRequest, (req) => {
        expect(encodeResponsesRequest(decodeResponsesRequest(req))).toEqual(req);
      }),
      { numRuns: 200 },
    );
  });

  it('Codex-shaped requests to Chat Completions: namespaced calls flattened consistently, nothing opaque or hosted leaks', () => {
    fc.assert(
      fc.property(codexRequest, (req) => {
        const chat = encodeOpenAiRequest(decodeResponsesRequest(req));
        const names = new Set((chat.tools ?? []).map((t) => (t.type === 'function' ? t.function.name : '')));
        const namespaced = chat.messages.flatMap((m) => m.tool_calls ?? []).filter((tc) => tc.function.name.includes('__'));
        expect(namespaced.length).toBe(
          (req.input as ResponsesItem[]).filter((i) => i.type === 'function_call' && i.namespace !== undefined).length,
        );
        for (const tc of namespaced) expect(names.has(tc.function.name)).toBe(true);
        const text = JSON.stringify(chat);
        expect(text).not.toContain('gAAAA');
        expect(text).not.toContain('web_search');
      }),
      { numRuns: 200 },
    );
  });

  it('Responses -> canonical -> Responses', () => {
    fc.assert(
      fc.property(responsesRequest, (req) => {
        expect(encodeResponsesRequest(decodeResponsesRequest(req))).toEqual(req);
      }),
      { numRuns: 300 },
    );
  });

  it('Responses -> Chat Completions -> Responses keeps turns, call ids, arguments and outputs', () => {
    fc.assert(
      fc.property(responsesRequest, (req) => {
        const chat = encodeOpenAiRequest(decodeResponsesRequest(req));
        const back = encodeResponsesRequest(decodeOpenAiRequest(chat));
        expect(conversation(back)).toEqual(conversation(req));
      }),
      { numRuns: 300 },
    );
  });

  it('Responses -> Anthropic -> Responses keeps turns, call ids, arguments and outputs', () => {
    fc.assert(
      fc.property(responsesRequest, (req) => {
        const anthropic = encodeAnthropicRequest(decodeResponsesRequest(req), { midSystem: 'keep' });
        const back = encodeResponsesRequest(decodeAnthropicRequest(anthropic));
        expect(conversation(back)).toEqual(conversation(req));
      }),
      { numRuns: 300 },
    );
  });
});
