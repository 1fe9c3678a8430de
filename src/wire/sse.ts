// Incremental SSE and NDJSON framing. Upstream bytes arrive in arbitrary chunks (split mid-line,
// mid-"\r\n"), so both decoders keep only the unterminated tail between pushes.
import { WireError } from './wire-error.js';

export interface SseEvent {
  event?: string;
  data: string;
  id?: string;
}

const LF = 10;
const CR = 13;

export class SseDecoder {
  private tail = '';
  // A chunk that ended in "\r" may be followed by the "\n" of the same "\r\n".
  private skipLeadingLf = false;
  // The data lines so far, joined by "\n" as they come (null: none yet).
  private data: string | null = null;
  private eventName: string | undefined;
  private eventId: string | undefined;

  push(text: string): SseEvent[] {
    const out: SseEvent[] = [];
    let s = this.tail.length > 0 ? this.tail + text : text;
    this.tail = '';
    if (this.skipLeadingLf) {
      this.skipLeadingLf = false;
      if (s.charCodeAt(0) === LF) s = s.slice(1);
    }
    let start = 0;
    let lf = s.indexOf('\n');
    let cr = s.indexOf('\r');
    while (lf !== -1 || cr !== -1) {
      const end = cr === -1 || (lf !== -1 && lf < cr) ? lf : cr;
      this.line(s, start, end, out);
      start = end + 1;
      if (s.charCodeAt(end) === CR) {
        if (end + 1 === s.length) this.skipLeadingLf = true;
        else if (s.charCodeAt(end + 1) === LF) start = end + 2;
      }
      if (lf !== -1 && lf < start) lf = s.indexOf('\n', start);
      if (cr !== -1 && cr < start) cr = s.indexOf('\r', start);
    }
    this.tail = s.slice(start);
    return out;
  }

  // Lenient at EOF: an unterminated last line and an event without its blank line still count,
  // because some servers close the connection right after the final `data:` line.
  end(): SseEvent[] {
    const out: SseEvent[] = [];
    if (this.tail.length > 0) this.line(this.tail, 0, this.tail.length, out);
    this.tail = '';
    this.skipLeadingLf = false;
    this.dispatch(out);
    return out;
  }

  /** The line s[start, end). Only the value is sliced out: a stream has thousands of lines. */
  private line(s: string, start: number, end: number, out: SseEvent[]): void {
    if (start === end) {
      this.dispatch(out);
      return;
    }
    if (s.charCodeAt(start) === 58 /* ':' */) return;
    if (s.startsWith('data: ', start)) return this.addData(s.slice(start + 6, end));
    let fieldEnd = start;
    while (fieldEnd < end && s.charCodeAt(fieldEnd) !== 58) fieldEnd++;
    let valueStart = fieldEnd === end ? end : fieldEnd + 1;
    if (s.charCodeAt(valueStart) === 32 && valueStart < end) valueStart++;
    switch (s.slice(start, fieldEnd)) {
      case 'data':
        this.addData(s.slice(valueStart, end));
        break;
      case 'event':
        this.eventName = s.slice(valueStart, end);
        break;
      case 'id': {
        const id = s.slice(valueStart, end);
        if (!id.includes('\0')) this.eventId = id;
        break;
      }
      default:
        break;
    }
  }

  private addData(value: string): void {
    this.data = this.data === null ? value : `${this.data}\n${value}`;
  }

  private dispatch(out: SseEvent[]): void {
    if (this.data !== null) {
      const ev: SseEvent = { data: this.data };
      if (this.eventName !== undefined && this.eventName !== '') ev.event = this.eventName;
      if (this.eventId !== undefined) ev.id = this.eventId;
      out.push(ev);
    }
    this.data = null;
    this.eventName = undefined;
    this.eventId = undefined;
  }
}

/** Frames one SSE event; multi-line data becomes several `data:` lines. */
export function sseData(data: string, event?: string): string {
  const head = event === undefined ? '' : `event: ${event}\n`;
  if (!data.includes('\n') && !data.includes('\r')) return `${head}data: ${data}\n\n`;
  return `${head}${data
    .split(/\r\n|\r|\n/)
    .map((l) => `data: ${l}\n`)
    .join('')}\n`;
}

/** An SSE comment line: a keep-alive every client ignores. */
export function sseComment(text: string): string {
  return `: ${text}\n\n`;
}

export class NdjsonDecoder {
  private tail = '';
  private lineNo = 0;

  push(text: string): unknown[] {
    const s = this.tail + text;
    const out: unknown[] = [];
    let start = 0;
    let nl = s.indexOf('\n');
    while (nl !== -1) {
      this.parse(s.slice(start, nl), out);
      start = nl + 1;
      nl = s.indexOf('\n', start);
    }
    this.tail = s.slice(start);
    return out;
  }

  end(): unknown[] {
    const out: unknown[] = [];
    if (this.tail.length > 0) this.parse(this.tail, out);
    this.tail = '';
    return out;
  }

  private parse(raw: string, out: unknown[]): void {
    this.lineNo++;
    const line = raw.trim();
    if (line.length === 0) return;
    try {
      out.push(JSON.parse(line));
    } catch {
      throw new WireError('malformed_ndjson', `NDJSON line ${this.lineNo} is not valid JSON: ${line.slice(0, 80)}`);
    }
  }
}
