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
  private dataLines: string[] = [];
  private sawData = false;
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
      this.line(s.slice(start, end), out);
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
    if (this.tail.length > 0) this.line(this.tail, out);
    this.tail = '';
    this.skipLeadingLf = false;
    this.dispatch(out);
    return out;
  }

  private line(line: string, out: SseEvent[]): void {
    if (line.length === 0) {
      this.dispatch(out);
      return;
    }
    if (line.charCodeAt(0) === 58 /* ':' */) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    switch (field) {
      case 'data':
        this.dataLines.push(value);
        this.sawData = true;
        break;
      case 'event':
        this.eventName = value;
        break;
      case 'id':
        if (!value.includes('\0')) this.eventId = value;
        break;
      default:
        break;
    }
  }

  private dispatch(out: SseEvent[]): void {
    if (this.sawData) {
      const ev: SseEvent = { data: this.dataLines.length === 1 ? (this.dataLines[0] as string) : this.dataLines.join('\n') };
      if (this.eventName !== undefined && this.eventName !== '') ev.event = this.eventName;
      if (this.eventId !== undefined) ev.id = this.eventId;
      out.push(ev);
    }
    this.dataLines = [];
    this.sawData = false;
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
