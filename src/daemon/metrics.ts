// Prometheus metrics for /metrics: counters and histograms kept in plain maps, one series per label
// set, rendered in the text exposition format (0.0.4) when scraped. Observed once per request after
// the response is done, never on the byte path. A general client library hashed a label object on
// every call, which cost the data plane a few percent of its CPU; positional labels cost a join.

const buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

interface Series {
  labels: readonly string[];
}

abstract class Metric<S extends Series> {
  protected readonly series = new Map<string, S>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
  ) {}

  /**
   * The two series used last. Traffic repeats its labels, and a metric observed twice per request
   * (tokens in, then out) alternates between two: comparing a few strings costs less than the join
   * and the map lookup (perf: those were ~1.7 us of a request's six observations).
   */
  private recent: S | undefined;
  private before: S | undefined;

  protected seriesFor(labels: readonly string[]): S {
    const recent = this.recent;
    if (recent !== undefined && sameLabels(recent.labels, labels)) return recent;
    const before = this.before;
    if (before !== undefined && sameLabels(before.labels, labels)) return before;
    const key = labels.join('\u0000');
    let s = this.series.get(key);
    if (s === undefined) {
      s = this.create(labels);
      this.series.set(key, s);
    }
    this.before = recent;
    this.recent = s;
    return s;
  }

  protected abstract create(labels: readonly string[]): S;
  abstract render(): string;

  protected head(type: string): string {
    return `# HELP ${this.name} ${this.help}\n# TYPE ${this.name} ${type}\n`;
  }

  /** `{a="x",b="y"}` with `extra` appended (the histogram's `le`). */
  protected labelText(values: readonly string[], extra = ''): string {
    const parts = values.map((v, i) => `${this.labelNames[i]}="${escapeLabel(v)}"`);
    if (extra) parts.push(extra);
    return parts.length === 0 ? '' : `{${parts.join(',')}}`;
  }
}

function sameLabels(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

interface CounterSeries extends Series {
  value: number;
}

export class Counter extends Metric<CounterSeries> {
  /** Label values in `labelNames` order. */
  inc(...labels: string[]): void {
    this.seriesFor(labels).value++;
  }

  /** A counter that grows by amounts (dollars, tokens, spans): `amount` first, then the labels. */
  add(amount: number, ...labels: string[]): void {
    this.seriesFor(labels).value += amount;
  }

  protected create(labels: readonly string[]): CounterSeries {
    return { labels, value: 0 };
  }

  render(): string {
    let out = this.head('counter');
    for (const s of this.series.values()) out += `${this.name}${this.labelText(s.labels)} ${s.value}\n`;
    return out;
  }
}

interface HistogramSeries extends Series {
  /** Per bucket, not cumulative; the last slot counts what is above every bound. */
  counts: number[];
  sum: number;
  count: number;
}

export class Histogram extends Metric<HistogramSeries> {
  constructor(
    name: string,
    help: string,
    labelNames: readonly string[],
    private readonly bounds: readonly number[] = buckets,
  ) {
    super(name, help, labelNames);
  }

  /** `value` first, then label values in `labelNames` order. */
  observe(value: number, ...labels: string[]): void {
    const s = this.seriesFor(labels);
    let i = 0;
    while (i < this.bounds.length && value > (this.bounds[i] as number)) i++;
    s.counts[i] = (s.counts[i] as number) + 1;
    s.sum += value;
    s.count++;
  }

  protected create(labels: readonly string[]): HistogramSeries {
    return { labels, counts: new Array<number>(this.bounds.length + 1).fill(0), sum: 0, count: 0 };
  }

  render(): string {
    let out = this.head('histogram');
    for (const s of this.series.values()) {
      let cumulative = 0;
      this.bounds.forEach((bound, i) => {
        cumulative += s.counts[i] as number;
        out += `${this.name}_bucket${this.labelText(s.labels, `le="${bound}"`)} ${cumulative}\n`;
      });
      out += `${this.name}_bucket${this.labelText(s.labels, 'le="+Inf"')} ${s.count}\n`;
      out += `${this.name}_sum${this.labelText(s.labels)} ${s.sum}\n`;
      out += `${this.name}_count${this.labelText(s.labels)} ${s.count}\n`;
    }
    return out;
  }
}

/** One gauge row: label values in `labelNames` order, and the value. */
export type GaugeRow = readonly [labels: readonly string[], value: number];

/**
 * A value read when /metrics is scraped (open circuits, queue depth), never updated on the request
 * path: `collect` walks the daemon's state once per scrape.
 */
export class Gauge extends Metric<Series> {
  constructor(
    name: string,
    help: string,
    labelNames: readonly string[],
    private readonly collect: () => Iterable<GaugeRow>,
  ) {
    super(name, help, labelNames);
  }

  protected create(labels: readonly string[]): Series {
    return { labels };
  }

  render(): string {
    let out = this.head('gauge');
    for (const [labels, value] of this.collect()) out += `${this.name}${this.labelText(labels)} ${value}\n`;
    return out;
  }
}

function escapeLabel(v: string): string {
  return v.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

export function createMetrics() {
  const m = {
    requests: new Counter('router_requests_total', 'Client requests by route and HTTP status class.', ['route', 'status']),
    attempts: new Counter('router_attempts_total', 'Upstream attempts by provider, model and outcome.', ['provider', 'model', 'outcome']),
    failovers: new Counter('router_failovers_total', 'Requests answered by a target other than the first planned one.', ['route']),
    errors: new Counter('router_errors_total', 'Failed attempts by error class.', ['class']),
    latency: new Histogram('router_request_duration_seconds', 'Request latency by provider, model and route.', [
      'provider',
      'model',
      'route',
    ]),
    ttft: new Histogram('router_time_to_first_token_seconds', 'Time to first content by provider, model and route.', [
      'provider',
      'model',
      'route',
    ]),
    spend: new Counter('router_spend_usd_total', 'Spend in USD by provider and model, at catalog prices.', ['provider', 'model']),
    tokens: new Counter('router_tokens_total', 'Tokens by provider, model and direction (input, output).', [
      'provider',
      'model',
      'direction',
    ]),
  };
  // Read at scrape time from the daemon's state (see state-gauges.ts and telemetry/), added by main.ts.
  const extra: Array<{ render(): string }> = [];
  return {
    ...m,
    contentType: 'text/plain; version=0.0.4; charset=utf-8',
    register(metric: { render(): string }): void {
      extra.push(metric);
    },
    render: (): string => [...Object.values(m), ...extra].map((metric) => metric.render()).join('\n'),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
