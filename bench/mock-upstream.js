// Bench upstream: answers OpenAI chat completions at once, JSON or SSE, like a very fast provider.
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 0);
const words = 'the quick brown fox jumps over the lazy dog again and again'.split(' ');
const usage = { prompt_tokens: 12, completion_tokens: words.length, total_tokens: 12 + words.length };
const json = JSON.stringify({
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  created: 1,
  model: 'bench',
  choices: [{ index: 0, message: { role: 'assistant', content: words.join(' ') }, finish_reason: 'stop' }],
  usage,
});
const chunk = (delta, finish = null) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1, model: 'bench', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
const sse =
  chunk({ role: 'assistant', content: '' }) +
  words.map((w) => chunk({ content: w + ' ' })).join('') +
  chunk({}, 'stop') +
  `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1, model: 'bench', choices: [], usage })}\n\n` +
  'data: [DONE]\n\n';

const server = createServer((req, res) => {
  const parts = [];
  req.on('data', (d) => parts.push(d));
  req.on('end', () => {
    const stream = Buffer.concat(parts).includes('"stream":true');
    res.writeHead(200, { 'content-type': stream ? 'text/event-stream' : 'application/json' });
    res.end(stream ? sse : json);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
