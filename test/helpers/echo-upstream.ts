// An OpenAI-format upstream answer that echoes the last message, whole or streamed, with a fixed
// usage (10 + 20 tokens), so a price of $1000 per million makes each answer cost exactly $0.03.
import { openAiUpstream } from '../wire/helpers/streams.js';
import { json, sse, type Received, type Reply } from './scripted-upstream.js';

export const echoUsage = { prompt_tokens: 10, completion_tokens: 20, total_tokens: 30 };

export function echoAnswer(r: Received): Reply {
  const text = `echo: ${JSON.stringify((r.body.messages as Array<{ content: unknown }>)?.at(-1)?.content ?? '')}`;
  if (r.body.stream === true)
    return sse([
      openAiUpstream([{ delta: { role: 'assistant', content: '' } }]),
      openAiUpstream([{ delta: { content: text } }]),
      openAiUpstream([{ finish: 'stop' }, { usage: echoUsage }, null]),
    ]);
  return json({
    id: 'chatcmpl-up',
    object: 'chat.completion',
    created: 1,
    model: 'gpt-fake',
    choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: text } }],
    usage: echoUsage,
  });
}
