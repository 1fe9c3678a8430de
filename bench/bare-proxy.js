// The physical-limit baseline: node:http in, undici.Pool out, the body parsed and `model`
// rewritten, the answer piped back. Anything the router adds is measured against this.
import { createServer } from 'node:http';
import { Pool } from 'undici';

const [listenPort, upstreamPort] = process.argv.slice(2).map(Number);
const pool = new Pool(`http://127.0.0.1:${upstreamPort}`, { connections: 128 });

const server = createServer((req, res) => {
  const parts = [];
  req.on('data', (d) => parts.push(d));
  req.on('end', async () => {
    const body = JSON.parse(Buffer.concat(parts).toString('utf8'));
    body.model = 'bench-model';
    try {
      const up = await pool.request({
        method: 'POST',
        path: '/v1/chat/completions',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      res.writeHead(up.statusCode, { 'content-type': up.headers['content-type'] });
      for await (const chunk of up.body) res.write(chunk);
      res.end();
    } catch (err) {
      res.writeHead(502).end(String(err));
    }
  });
});
server.keepAliveTimeout = 60_000;
server.listen(listenPort, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
