/** One measured figure of a benchmark, as printed in the table and written to bench/results.json. */
export interface BenchRow {
  /** Which benchmark and what figure, e.g. "owned-check: candidates/s". */
  name: string;
  value: number;
  unit: string;
  /** The goal, in words, e.g. ">= 5000". */
  target?: string;
  /** Whether the goal is met; undefined when the row has no target. */
  pass?: boolean;
}

/** Every `bench/*.bench.ts` module exports `run` and is picked up by bench/run.ts. */
export type BenchModule = { run: () => Promise<BenchRow[]> };
