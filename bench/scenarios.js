// The requests bench/ab.js and bench/trend.js send: a short prompt, so the daemon's own work per
// request dominates, as an Anthropic client (translated to the OpenAI upstream) or an OpenAI one.
const prompt = [{ role: 'user', content: 'hi' }];

export const scenarios = {
  anthropic: { path: '/v1/messages', body: { model: 'auto', max_tokens: 256, stream: true, messages: prompt } },
  sse: { path: '/v1/chat/completions', body: { model: 'auto', stream: true, messages: prompt } },
  json: { path: '/v1/chat/completions', body: { model: 'auto', stream: false, messages: prompt } },
};
