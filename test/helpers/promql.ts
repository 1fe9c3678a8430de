// A small PromQL parser for the dashboard test: enough of the grammar for what a Grafana panel asks
// (selectors with matchers and ranges, offsets, functions, aggregations with by/without, binary
// operators with bool/on/ignoring/group_left, numbers, strings, parentheses) to reject a malformed
// expression or an unknown function, and to list the metric names an expression reads.
// Grafana's own variables ($__rate_interval, $__range, $var) are substituted before parsing.

const functions = new Set([
  'abs', 'absent', 'absent_over_time', 'avg_over_time', 'ceil', 'changes', 'clamp', 'clamp_max', 'clamp_min',
  'count_over_time', 'day_of_month', 'day_of_week', 'delta', 'deriv', 'exp', 'floor', 'histogram_quantile',
  'holt_winters', 'hour', 'idelta', 'increase', 'irate', 'label_join', 'label_replace', 'last_over_time', 'ln',
  'log2', 'log10', 'max_over_time', 'min_over_time', 'minute', 'month', 'predict_linear', 'quantile_over_time',
  'rate', 'resets', 'round', 'scalar', 'sgn', 'sort', 'sort_desc', 'sqrt', 'stddev_over_time', 'sum_over_time',
  'time', 'timestamp', 'vector', 'year',
]); // prettier-ignore
const aggregations = new Set([
  'sum',
  'avg',
  'min',
  'max',
  'count',
  'group',
  'stddev',
  'stdvar',
  'topk',
  'bottomk',
  'quantile',
  'count_values',
]);
const binaryOps = ['==', '!=', '>=', '<=', '>', '<', '+', '-', '*', '/', '%', '^'];
const setOps = new Set(['and', 'or', 'unless']);

type Token = { kind: 'ident' | 'number' | 'string' | 'duration' | 'op' | 'punct'; text: string };

/** Grafana's built-in interval variables become durations, any other `$var` a label value. */
export function substituteGrafanaVariables(expr: string): string {
  return expr.replace(/\$__(rate_interval|interval|range)\b/g, '5m').replace(/\$\{?(\w+)\}?/g, 'value');
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const rest = src.slice(i);
    const ws = /^\s+/.exec(rest);
    if (ws) {
      i += ws[0].length;
      continue;
    }
    const m =
      /^"(?:[^"\\]|\\.)*"|^'(?:[^'\\]|\\.)*'/.exec(rest) ??
      /^\d+(?:ms|[smhdwy])(?:\d+(?:ms|[smhdwy]))*/.exec(rest) ??
      /^(?:\d+\.?\d*(?:e[+-]?\d+)?|\.\d+)/i.exec(rest) ??
      /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(rest) ??
      /^(?:==|!=|>=|<=|=~|!~|[-+*/%^<>=])/.exec(rest) ??
      /^[(){}[\],]/.exec(rest);
    if (!m) throw new Error(`unexpected character ${JSON.stringify(rest[0])} at ${i} in ${src}`);
    const text = m[0];
    const kind: Token['kind'] = /^["']/.test(text)
      ? 'string'
      : /^\d+(?:ms|[smhdwy])/.test(text)
        ? 'duration'
        : /^[\d.]/.test(text)
          ? 'number'
          : /^[a-zA-Z_:]/.test(text)
            ? 'ident'
            : /^[(){}[\],]$/.test(text)
              ? 'punct'
              : 'op';
    out.push({ kind, text });
    i += text.length;
  }
  return out;
}

/** Parses `expr` (after variable substitution) and returns the metric names it selects; throws on a syntax error. */
export function metricNames(expr: string): Set<string> {
  const tokens = tokenize(substituteGrafanaVariables(expr));
  const names = new Set<string>();
  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => {
    const t = tokens[pos++];
    if (!t) throw new Error(`unexpected end of ${expr}`);
    return t;
  };
  const expect = (text: string) => {
    const t = next();
    if (t.text !== text) throw new Error(`expected ${text} but found ${t.text} in ${expr}`);
  };
  const labelList = () => {
    expect('(');
    while (peek()?.text !== ')') {
      if (next().kind !== 'ident') throw new Error(`expected a label name in ${expr}`);
      if (peek()?.text === ',') next();
    }
    expect(')');
  };
  const matchers = () => {
    expect('{');
    while (peek()?.text !== '}') {
      if (next().kind !== 'ident') throw new Error(`expected a label name in ${expr}`);
      if (!['=', '!=', '=~', '!~'].includes(next().text)) throw new Error(`expected a matcher operator in ${expr}`);
      if (next().kind !== 'string') throw new Error(`expected a quoted label value in ${expr}`);
      if (peek()?.text === ',') next();
    }
    expect('}');
  };
  const rangeAndOffset = () => {
    if (peek()?.text === '[') {
      next();
      if (next().kind !== 'duration') throw new Error(`expected a range duration in ${expr}`);
      expect(']');
    }
    if (peek()?.text === 'offset') {
      next();
      if (next().kind !== 'duration') throw new Error(`expected an offset duration in ${expr}`);
    }
  };
  const args = () => {
    expect('(');
    if (peek()?.text !== ')') {
      expression();
      while (peek()?.text === ',') {
        next();
        expression();
      }
    }
    expect(')');
  };
  const primary = (): void => {
    const t = next();
    if (t.text === '(') {
      expression();
      expect(')');
      return rangeAndOffset();
    }
    if (t.text === '-' || t.text === '+') return primary();
    if (t.kind === 'number' || t.kind === 'string') return;
    if (t.text === '{') {
      pos--;
      return matchers();
    }
    if (t.kind !== 'ident') throw new Error(`unexpected ${t.text} in ${expr}`);
    if (aggregations.has(t.text) && (peek()?.text === '(' || peek()?.text === 'by' || peek()?.text === 'without')) {
      if (peek()?.text === 'by' || peek()?.text === 'without') {
        next();
        labelList();
        return args();
      }
      args();
      if (peek()?.text === 'by' || peek()?.text === 'without') {
        next();
        labelList();
      }
      return;
    }
    if (peek()?.text === '(') {
      if (!functions.has(t.text)) throw new Error(`unknown function ${t.text} in ${expr}`);
      return args();
    }
    names.add(t.text);
    if (peek()?.text === '{') matchers();
    rangeAndOffset();
  };
  const expression = (): void => {
    primary();
    for (;;) {
      const t = peek();
      if (!t || !(binaryOps.includes(t.text) || setOps.has(t.text))) return;
      next();
      if (peek()?.text === 'bool') next();
      if (peek()?.text === 'on' || peek()?.text === 'ignoring') {
        next();
        labelList();
      }
      if (peek()?.text === 'group_left' || peek()?.text === 'group_right') {
        next();
        if (peek()?.text === '(') labelList();
      }
      primary();
    }
  };
  expression();
  if (pos !== tokens.length) throw new Error(`unexpected ${tokens[pos]!.text} after the end of ${expr}`);
  return names;
}
