// JSON-RPC 2.0 message handling, independent of the transport: one text frame in, one text frame
// (or nothing, for notifications) out. Every failure becomes an error object with a stable code.
import {
  isMethodName,
  MAX_RPC_MESSAGE_BYTES,
  methods,
  RpcCode,
  RpcError,
  type MethodName,
  type ParsedParamsOf,
  type ResultOf,
} from '../../protocol/index.js';
import { isObj } from '../../wire/json-object.js';

export interface RpcContext {
  /** Start delivering router events to this connection. */
  subscribe(): void;
  /** Told of every call whose params passed validation, before it runs (the hub logs operator actions). */
  called?(method: string, params: unknown): void;
}

export type Handlers = {
  [M in MethodName]: (params: ParsedParamsOf<M>, ctx: RpcContext) => Promise<ResultOf<M>> | ResultOf<M>;
};

type Id = string | number | null;
interface Reply {
  jsonrpc: '2.0';
  id: Id;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

const failure = (id: Id, code: number, message: string, data?: unknown): Reply => ({
  jsonrpc: '2.0',
  id,
  error: data === undefined ? { code, message } : { code, message, data },
});

export async function dispatchFrame(frame: string, handlers: Handlers, ctx: RpcContext): Promise<string | null> {
  if (frame.length > MAX_RPC_MESSAGE_BYTES) {
    return JSON.stringify(failure(null, RpcCode.TooLarge, `message too large: limit is ${MAX_RPC_MESSAGE_BYTES} bytes`));
  }
  let message: unknown;
  try {
    message = JSON.parse(frame);
  } catch {
    return JSON.stringify(failure(null, RpcCode.ParseError, 'parse error: the frame is not valid JSON'));
  }
  if (Array.isArray(message)) {
    if (message.length === 0) return JSON.stringify(failure(null, RpcCode.InvalidRequest, 'empty batch'));
    // One after another, and only while the batch's reply stays bounded: a batch of heavy calls
    // (history pages) must not build a reply of gigabytes in one turn.
    const replies: string[] = [];
    let chars = 0;
    for (const m of message) {
      const reply = chars > MAX_BATCH_REPLY_CHARS ? batchFull(m) : await dispatchOne(m, handlers, ctx);
      if (reply === null) continue;
      const text = JSON.stringify(reply);
      replies.push(text);
      chars += text.length;
    }
    return replies.length ? `[${replies.join(',')}]` : null;
  }
  const reply = await dispatchOne(message, handlers, ctx);
  return reply ? JSON.stringify(reply) : null;
}

/** Past this, the rest of a batch is answered with TooLarge instead of being run. */
const MAX_BATCH_REPLY_CHARS = 8 * 1024 * 1024;

function batchFull(m: unknown): Reply | null {
  if (!isObj(m) || !('id' in m)) return null;
  return failure(
    isId(m.id) ? m.id : null,
    RpcCode.TooLarge,
    `batch reply too large: over ${MAX_BATCH_REPLY_CHARS} characters; send the rest again, or page events.history`,
  );
}

async function dispatchOne(message: unknown, handlers: Handlers, ctx: RpcContext): Promise<Reply | null> {
  if (!isObj(message) || message.jsonrpc !== '2.0' || typeof message.method !== 'string') {
    const id = isObj(message) && isId(message.id) ? message.id : null;
    return failure(id, RpcCode.InvalidRequest, 'invalid request: expected {"jsonrpc":"2.0","method":string,"id"?,"params"?}');
  }
  const isNotification = !('id' in message);
  const id: Id = isId(message.id) ? message.id : null;
  if (!isNotification && !isId(message.id)) {
    return failure(null, RpcCode.InvalidRequest, 'invalid request: id must be a string, number or null');
  }
  const reply = await invoke(message.method, message.params, handlers, ctx, id);
  return isNotification ? null : reply;
}

async function invoke(name: string, rawParams: unknown, handlers: Handlers, ctx: RpcContext, id: Id): Promise<Reply> {
  if (!isMethodName(name)) return failure(id, RpcCode.MethodNotFound, `method not found: ${name}`);
  const parsed = methods[name].params.safeParse(rawParams ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'params'}: ${i.message}`);
    return failure(id, RpcCode.InvalidParams, `invalid params for ${name}: ${issues.join('; ')}`, { issues });
  }
  ctx.called?.(name, parsed.data);
  try {
    const handler = handlers[name] as (p: unknown, c: RpcContext) => unknown;
    return { jsonrpc: '2.0', id, result: (await handler(parsed.data, ctx)) ?? null };
  } catch (err) {
    if (err instanceof RpcError) return failure(id, err.code, err.message, err.data);
    return failure(id, RpcCode.Internal, `internal error: ${(err as Error).message}`);
  }
}

function isId(v: unknown): v is Id {
  return typeof v === 'string' || typeof v === 'number' || v === null;
}
