// A local OTLP/HTTP trace receiver: decodes the export requests the daemon posts to /v1/traces,
// protobuf (with protobufjs and the published .proto, test/helpers/otlp-proto.ts) or JSON by their
// content-type, and keeps every span with its resource, the request headers, and what it answered.
// `answer(status)` makes it refuse (e.g. 503); `close()` takes it off the port entirely.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { decodeExportRequest } from './otlp-proto.js';

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  /** Absent when unset (OTLP JSON may leave out default values). */
  status?: { code: number; message?: string };
  /** Decoded from OTLP's AnyValue: strings, numbers (intValue strings become numbers), booleans, arrays. */
  attrs: Record<string, unknown>;
  resource: Record<string, unknown>;
}

export interface OtlpReceiver {
  url: string;
  spans: ReceivedSpan[];
  posts: Array<{ path: string; headers: IncomingHttpHeaders; contentType: string | undefined; spans: number }>;
  answer(status: number): void;
  close(): Promise<void>;
}

type AnyValue = {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
  arrayValue?: { values?: AnyValue[] };
};
type KeyValue = { key: string; value: AnyValue };

function decode(v: AnyValue): unknown {
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.arrayValue) return (v.arrayValue.values ?? []).map(decode);
  return undefined;
}

const attrsOf = (kvs: KeyValue[] | undefined) => Object.fromEntries((kvs ?? []).map((kv) => [kv.key, decode(kv.value)]));

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const posts: OtlpReceiver['posts'] = [];
  let status = 200;
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      const contentType = req.headers['content-type'];
      const protobuf = contentType === 'application/x-protobuf';
      const post = { path: req.url ?? '', headers: req.headers, contentType, spans: 0 };
      posts.push(post);
      // OTLP answers in the request's encoding; an empty ExportTraceServiceResponse is zero bytes.
      const reply = (code: number) => res.writeHead(code, { 'content-type': contentType ?? '' }).end(protobuf ? '' : '{}');
      if (status !== 200) return reply(status);
      const raw = Buffer.concat(chunks);
      const body = (protobuf ? decodeExportRequest(raw) : JSON.parse(raw.toString('utf8'))) as {
        resourceSpans: Array<{
          resource?: { attributes?: KeyValue[] };
          scopeSpans: Array<{ spans: Array<Omit<ReceivedSpan, 'attrs' | 'resource'> & { attributes?: KeyValue[] }> }>;
        }>;
      };
      for (const rs of body.resourceSpans) {
        const resource = attrsOf(rs.resource?.attributes);
        for (const ss of rs.scopeSpans) for (const s of ss.spans) spans.push({ ...s, attrs: attrsOf(s.attributes), resource });
        post.spans += rs.scopeSpans.reduce((n, ss) => n + ss.spans.length, 0);
      }
      reply(200);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    posts,
    answer: (s) => (status = s),
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
