// The requests bench/ab.js, bench/trend.js and bench/breakdown.js send: a short prompt, so the
// daemon's own work per request dominates, as an Anthropic or Responses client (translated to the
// OpenAI upstream) or an OpenAI one; and `codex`, the ~40 KB request Codex CLI really sends for a
// turn (captured from the installed @openai/codex by bench/codex-request.js), streamed.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchDir, benchTempDir, need } from './procs.js';

const prompt = [{ role: 'user', content: 'hi' }];

const scenarios = {
  anthropic: { path: '/v1/messages', body: { model: 'auto', max_tokens: 256, stream: true, messages: prompt } },
  responses: { path: '/v1/responses', body: { model: 'auto', stream: true, input: 'hi' } },
  sse: { path: '/v1/chat/completions', body: { model: 'auto', stream: true, messages: prompt } },
  json: { path: '/v1/chat/completions', body: { model: 'auto', stream: false, messages: prompt } },
  codex: { path: '/v1/responses', body: null },
};

/**
 * The scenario's path and a file holding its body, for h2load -d; exits with `usage` when the
 * name is unknown or `ok` is false, and with a hint when h2load or taskset is missing. `baseline`
 * names the scenario the bare proxy serves in its place (an OpenAI stream for the translated ones).
 */
export function prepare(name, usage, ok = true) {
  if (!ok || !(name in scenarios)) {
    console.error(`usage: ${usage}`);
    process.exit(2);
  }
  need('h2load', 'nghttp2-client');
  need('taskset', 'util-linux');
  const bodyFile = join(benchTempDir('router-bench-body-'), 'body.json');
  const { body } = scenarios[name];
  if (body === null) execFileSync(process.execPath, [join(benchDir, 'codex-request.js'), bodyFile], { stdio: 'inherit' });
  else writeFileSync(bodyFile, JSON.stringify(body));
  return { path: scenarios[name].path, bodyFile, baseline: name === 'json' ? name : 'sse' };
}
