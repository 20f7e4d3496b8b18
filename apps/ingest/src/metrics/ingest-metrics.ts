import { Controller, Get, Header, Injectable } from '@nestjs/common';
import { Counter, Registry, collectDefaultMetrics } from 'prom-client';

export type RecordOutcome = 'accepted' | 'rejected' | 'skipped' | 'unmapped';

/** Prometheus counters for ingest, served at `GET /metrics`. */
@Injectable()
export class IngestMetrics {
  readonly registry = new Registry();
  private readonly records = new Counter({
    name: 'policy_ledger_ingest_records_total',
    help: 'Input records per source and outcome: accepted (events published), rejected, skipped (not IAM records) and unmapped',
    labelNames: ['source', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly unmapped = new Counter({
    name: 'policy_ledger_ingest_unmapped_total',
    help: 'Records a source could not map to IAM actions, per source and key (such as eventSource:eventName)',
    labelNames: ['source', 'key'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  count(source: string, outcome: RecordOutcome, amount: number): void {
    if (amount > 0) {
      this.records.inc({ source, outcome }, amount);
    }
  }

  countUnmapped(source: string, key: string, amount: number): void {
    this.unmapped.inc({ source, key }, amount);
    this.count(source, 'unmapped', amount);
  }
}

@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: IngestMetrics) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
