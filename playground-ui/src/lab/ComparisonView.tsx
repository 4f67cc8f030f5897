// One saved comparison: throughput bars, the two latency percentile plots, resource use, losses
// and order, what each target could not express, and how it moved against earlier ones.
import { useResource } from '../api/use-resource';
import { formatDateTime, formatNumber } from '../charts/format';
import { DeltaTable } from './DeltaTable';
import { exportUrl, labApi } from './lab-client';
import { PercentilePlot } from './PercentilePlot';
import { IntegrityTable, NumbersTable, ResourcesTable, TargetNotes } from './ResultTables';
import { ThroughputBars } from './ThroughputBars';
import type { ComparisonResult, ComparisonSummary } from './types';

interface Props {
  id: string;
  summary: ComparisonSummary | undefined;
  earlier: ComparisonSummary[];
}

function workloadLine(result: ComparisonResult): string {
  const w = result.workload;
  const rate = w.producerRate === 'max' ? 'max rate' : `${formatNumber(w.producerRate)} msg/s`;
  return `${w.messageSize} B at ${rate}, ${w.topics}×${w.partitionsPerTopic} partitions, ${w.subscriptionsPerTopic} subscription(s), ${w.testDurationSeconds} s`;
}

export function ComparisonView({ id, summary, earlier }: Props) {
  const result = useResource(`comparison:${id}`, () => labApi.comparison(id));
  if (result.error) {
    return (
      <p className="banner error" role="alert">
        Could not load comparison {id}: {result.error.message}
      </p>
    );
  }
  const r = result.data;
  if (!r) return <div className="skeleton-page" aria-busy="true" aria-label="Loading" />;
  const { machine } = r;
  return (
    <section className="lab-result" data-comparison={r.id} aria-labelledby="lab-result-title">
      <div className="section-head">
        <h2 id="lab-result-title">
          {r.workload.name} <span className={`badge lab-status status-${r.state}`}>{r.state}</span>
        </h2>
        <span className="lab-exports">
          <a href={exportUrl(r.id, 'json')} download data-action="export-json">
            Export JSON
          </a>
          <a href={exportUrl(r.id, 'csv')} download data-action="export-csv">
            Export CSV
          </a>
        </span>
      </div>
      <p className="muted small">
        {formatDateTime(r.startedAt)} · {workloadLine(r)} · on {machine.cpus} CPUs (
        {machine.cpuModel}
        ), {machine.memoryGb} GB, Node {machine.node}. One machine over loopback, brokers and load
        generator sharing its cores: compare targets with each other, not with published numbers.
      </p>
      {summary && earlier.length > 0 && <DeltaTable now={summary} earlier={earlier} />}
      <div className="chart-grid lab-result-charts">
        <ThroughputBars targets={r.targets} />
        <PercentilePlot
          id="latency-e2e"
          title="End-to-end latency by percentile"
          description="From each message's intended send time to its delivery: a stalled producer shows here."
          targets={r.targets}
          pick={(t) => t.endToEndLatency}
        />
        <PercentilePlot
          id="latency-publish"
          title="Publish latency by percentile"
          description="From the intended send time to the broker's acknowledgement."
          targets={r.targets}
          pick={(t) => t.publishLatency}
        />
      </div>
      <h3>Numbers</h3>
      <NumbersTable targets={r.targets} />
      <h3>Broker CPU and memory</h3>
      <ResourcesTable targets={r.targets} />
      <h3>Losses, duplicates, order</h3>
      <IntegrityTable targets={r.targets} />
      <h3>What each target could not express</h3>
      <TargetNotes targets={r.targets} />
    </section>
  );
}
