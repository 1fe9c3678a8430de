// A request span's constant part (its name and the attributes every request of its kind shares:
// model asked, route, client format, answering target), encoded once per kind of request and found
// again by comparing those few fields, per target. Comparing them costs less than building a string
// key for a Map on every request, which profiles showed as the largest single cost of encoding.
import type { Target } from '../../config/schema.js';
import type { RequestTrace } from './request-trace.js';

/** Kinds of request kept per target at most; past it that target's list starts over (a client sending many model names). */
const SHAPES_PER_TARGET = 64;

interface Shape<T> {
  requestedModel: string;
  route: string | null;
  clientFormat: string;
  encoded: T;
}

export class RequestShapes<T> {
  private readonly byTarget = new WeakMap<Target, Shape<T>[]>();
  /** Requests that reached no target. */
  private readonly untargeted: Shape<T>[] = [];

  /** The encoded constant part for this request and target, made by `encode` the first time. */
  find(t: RequestTrace, target: Target | undefined, encode: () => T): T {
    let shapes = target === undefined ? this.untargeted : this.byTarget.get(target);
    if (shapes === undefined) {
      shapes = [];
      this.byTarget.set(target!, shapes);
    }
    for (let i = 0; i < shapes.length; i++) {
      const s = shapes[i]!;
      if (s.requestedModel === t.requestedModel && s.route === t.route && s.clientFormat === t.clientFormat) return s.encoded;
    }
    if (shapes.length >= SHAPES_PER_TARGET) shapes.length = 0;
    const encoded = encode();
    shapes.push({ requestedModel: t.requestedModel, route: t.route, clientFormat: t.clientFormat, encoded });
    return encoded;
  }
}
