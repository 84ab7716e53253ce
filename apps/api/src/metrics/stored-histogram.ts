import type { Metric, MetricObjectWithValues, MetricValueWithName, Registry } from 'prom-client';

/** One series of a histogram counted elsewhere: cumulative counts per bucket bound, the count and the sum. */
export interface HistogramSeries {
  labels: Record<string, string>;
  /** Observations at or under each bound, in the order of the bounds (cumulative, as Prometheus wants them). */
  buckets: number[];
  count: number;
  sum: number;
}

/**
 * A Prometheus histogram whose counts live in PostgreSQL (reminder lateness, stage durations: facts of every process
 * and of the past, not of this process since it started), read at scrape time. prom-client's Histogram can only
 * observe one value at a time, so this is a metric object of prom-client's own shape (name, help, type, get()) that
 * its Registry renders like any other: no hand-built exposition text.
 */
export class StoredHistogram {
  readonly type = 'histogram' as const;
  readonly aggregator = 'max' as const;

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly bounds: number[],
    private readonly read: (bounds: number[]) => Promise<HistogramSeries[]>,
    registry: Registry,
  ) {
    registry.registerMetric(this as unknown as Metric);
  }

  async get(): Promise<MetricObjectWithValues<MetricValueWithName<string>>> {
    const series = await this.read(this.bounds).catch(() => []);
    const values: MetricValueWithName<string>[] = series.flatMap(({ labels, buckets, count, sum }) => [
      ...this.bounds.map((le, i) => ({
        metricName: `${this.name}_bucket`,
        labels: { ...labels, le },
        value: buckets[i],
      })),
      { metricName: `${this.name}_bucket`, labels: { ...labels, le: '+Inf' }, value: count },
      { metricName: `${this.name}_sum`, labels, value: sum },
      { metricName: `${this.name}_count`, labels, value: count },
    ]);
    const metric = { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
    return metric as unknown as MetricObjectWithValues<MetricValueWithName<string>>;
  }

  reset(): void {}
}
