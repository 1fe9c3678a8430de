// Bench OTLP/HTTP receiver: takes trace exports (JSON) on /v1/traces and counts their spans, so a
// bench run can show the daemon really exported; GET answers {"spans": N}. Prints its port.
import { createServer } from 'node:http';

let spans = 0;
const server = createServer((req, res) => {
  if (req.method === 'GET') return res.end(JSON.stringify({ spans }));
  let raw = '';
  req.setEncoding('utf8').on('data', (d) => (raw += d));
  req.on('end', () => {
    for (const rs of JSON.parse(raw).resourceSpans) for (const ss of rs.scopeSpans) spans += ss.spans.length;
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => console.log(server.address().port));
