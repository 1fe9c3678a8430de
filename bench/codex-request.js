// node bench/codex-request.js OUT.json: the request Codex CLI really sends for one turn, for the
// bench's `codex` scenario (a real client's ~40 KB of instructions and tool schemas, where the other
// scenarios send a two-word prompt). The installed @openai/codex runs `codex exec` offline against a
// local server that records its POST and answers as a Responses API would; `model` is then set to
// `auto` so the bench daemon's default route serves it. Captured afresh each run: it follows the
// Codex version in package.json, and nothing of Codex's is kept in this repository.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const out = process.argv[2];
if (!out) {
  console.error('usage: node bench/codex-request.js OUT.json');
  process.exit(2);
}
const codex = fileURLToPath(new URL('../node_modules/@openai/codex/bin/codex.js', import.meta.url));

const event = (e) => `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`;
const message = {
  id: 'msg_0',
  type: 'message',
  status: 'completed',
  role: 'assistant',
  content: [{ type: 'output_text', text: 'hello', annotations: [] }],
};
const shell = { id: 'resp_0', object: 'response', created_at: 0, model: 'm', output: [] };
const usage = {
  input_tokens: 1,
  output_tokens: 1,
  total_tokens: 2,
  input_tokens_details: { cached_tokens: 0 },
  output_tokens_details: { reasoning_tokens: 0 },
};
const answer =
  event({ type: 'response.created', sequence_number: 0, response: { ...shell, status: 'in_progress' } }) +
  event({ type: 'response.output_item.done', sequence_number: 1, output_index: 0, item: message }) +
  event({ type: 'response.completed', sequence_number: 2, response: { ...shell, status: 'completed', output: [message], usage } });

let captured;
const server = createServer((req, res) => {
  const parts = [];
  req.on('data', (d) => parts.push(d));
  req.on('end', () => {
    if (!req.url.endsWith('/responses'))
      return res.writeHead(200, { 'content-type': 'application/json' }).end('{"object":"list","data":[]}');
    captured ??= Buffer.concat(parts);
    res.writeHead(200, { 'content-type': 'text/event-stream' }).end(answer);
  });
});
server.listen(0, '127.0.0.1', () => {
  const home = mkdtempSync(join(tmpdir(), 'codex-capture-'));
  writeFileSync(
    join(home, 'config.toml'),
    `model_provider = "capture"\n[model_providers.capture]\nname = "capture"\nbase_url = "http://127.0.0.1:${server.address().port}/v1"\nwire_api = "responses"\nenv_key = "OPENAI_API_KEY"\n`,
  );
  const args = [
    codex,
    'exec',
    '--skip-git-repo-check',
    '--ephemeral',
    '--dangerously-bypass-approvals-and-sandbox',
    '-C',
    home,
    '-m',
    'gpt-5',
    'say hello',
  ];
  const env = { PATH: process.env.PATH, HOME: home, CODEX_HOME: home, OPENAI_API_KEY: 'capture', NO_COLOR: '1', RUST_LOG: 'error' };
  // stdin closed: with a pipe Codex waits for more of the prompt on it.
  const child = spawn(process.execPath, args, { env, timeout: 60_000, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
  child.once('close', (code) => {
    server.close();
    rmSync(home, { recursive: true, force: true });
    if (captured === undefined) {
      console.error(`codex (exit ${code}) sent no request\n${stderr}`);
      process.exit(1);
    }
    const body = JSON.parse(captured.toString('utf8'));
    body.model = 'auto';
    writeFileSync(out, JSON.stringify(body));
  });
});
