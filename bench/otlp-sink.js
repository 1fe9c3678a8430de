// Bench OTLP/HTTP receiver: takes trace exports on /v1/traces, JSON or protobuf (by content-type),
// and counts their spans, so a bench run can show the daemon really exported; GET answers
// {"spans": N}. Prints its port.
import { createServer } from 'node:http';

let spans = 0;
const server = createServer((req, res) => {
  if (req.method === 'GET') return res.end(JSON.stringify({ spans }));
  const chunks = [];
  req.on('data', (d) => chunks.push(d));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    if (req.headers['content-type'] === 'application/x-protobuf') {
      spans += protobufSpans(body);
      return res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    }
    for (const rs of JSON.parse(body.toString('utf8')).resourceSpans) for (const ss of rs.scopeSpans) spans += ss.spans.length;
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => console.log(server.address().port));

/** Spans in an ExportTraceServiceRequest: resource_spans (1) > scope_spans (2) > spans (2), other fields skipped. */
function protobufSpans(buf) {
  let n = 0;
  for (const rs of fields(buf, 0, buf.length, 1)) for (const ss of fields(buf, rs[0], rs[1], 2)) n += fields(buf, ss[0], ss[1], 2).length;
  return n;
}

/** [start, end] of each length-delimited field `want` between `from` and `to`. */
function fields(buf, from, to, want) {
  const out = [];
  let at = from;
  const varint = () => {
    let v = 0;
    for (let shift = 1; ; shift *= 128) {
      const b = buf[at++];
      v += (b & 127) * shift;
      if (b < 128) return v;
    }
  };
  while (at < to) {
    const key = varint();
    const wire = key & 7;
    if (wire === 0) varint();
    else if (wire === 1) at += 8;
    else if (wire === 5) at += 4;
    else {
      const len = varint();
      if (key >>> 3 === want) out.push([at, at + len]);
      at += len;
    }
  }
  return out;
}
