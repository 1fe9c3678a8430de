// Protobuf's wire format, as much of it as the OTLP exporter needs (otlp-protobuf.ts,
// otlp-span-writer.ts): field tags, varints, length-delimited fields, and reading the one number
// a receiver's answer may carry.

/** Wire type 2: length-delimited (strings, bytes, embedded messages). */
export const LEN = 2;
/** A field's tag: (field number << 3) | wire type (0 varint, 1 fixed64, 2 length-delimited). */
export const tag = (field: number, wire: number): number => (field << 3) | wire;

export const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');
export const concat = (...parts: Uint8Array[]): Buffer => Buffer.concat(parts);
export const field = (fieldTag: number, payload: Uint8Array): Buffer => concat(varint(fieldTag), varint(payload.length), payload);
export const varintField = (fieldTag: number, v: number): Buffer => concat(varint(fieldTag), varint(v));

export function varint(v: number): Buffer {
  const out = Buffer.allocUnsafe(varintSize(v));
  writeVarint(out, 0, v);
  return out;
}

/** Base-128 little-endian groups; past 2^31 by arithmetic, as bit operations work on 32 bits. */
export function writeVarint(buf: Buffer, at: number, v: number): number {
  if (v < 2147483648) {
    while (v > 127) {
      buf[at++] = (v & 127) | 128;
      v >>>= 7;
    }
  } else {
    while (v > 127) {
      buf[at++] = (v % 128) | 128;
      v = Math.floor(v / 128);
    }
  }
  buf[at++] = v;
  return at;
}

export function varintSize(v: number): number {
  if (v < 128) return 1;
  if (v < 16384) return 2;
  if (v < 2097152) return 3;
  let size = 3;
  while (v >= 2097152) {
    v = Math.floor(v / 128);
    size++;
  }
  return size;
}

export function writeUint32(buf: Buffer, at: number, v: number): void {
  buf[at] = v & 255;
  buf[at + 1] = (v >>> 8) & 255;
  buf[at + 2] = (v >>> 16) & 255;
  buf[at + 3] = (v >>> 24) & 255;
}

// Reading the receiver's answer: only the one number it may carry.

/** [start, end] of the first length-delimited field `want` between `from` and `to`; other fields skipped. */
export function lengthDelimited(buf: Buffer, from: number, to: number, want: number): [number, number] | undefined {
  const r = { at: from };
  while (r.at < to) {
    const key = readVarint(buf, r);
    const wire = key % 8;
    if (wire === 0) readVarint(buf, r);
    else if (wire === 1) r.at += 8;
    else if (wire === 5) r.at += 4;
    else if (wire === LEN) {
      const length = readVarint(buf, r);
      if (Math.floor(key / 8) === want) return [r.at, r.at + length];
      r.at += length;
    } else throw new Error(`protobuf wire type ${wire} not expected here`);
  }
  return undefined;
}

/** The varint field 1 between `from` and `to` (0 when absent, as protobuf has it). */
export function varintField1(buf: Buffer, from: number, to: number): number {
  const r = { at: from };
  while (r.at < to) {
    const key = readVarint(buf, r);
    if (key === tag(1, 0)) return readVarint(buf, r);
    if (key % 8 === 0) readVarint(buf, r);
    else if (key % 8 === LEN) r.at += readVarint(buf, r);
    else r.at += key % 8 === 1 ? 8 : 4;
  }
  return 0;
}

function readVarint(buf: Buffer, r: { at: number }): number {
  let v = 0;
  for (let scale = 1; ; scale *= 128) {
    if (r.at >= buf.length) throw new Error('protobuf varint cut short');
    const byte = buf[r.at++]!;
    v += (byte & 127) * scale;
    if (byte < 128) return v;
  }
}
