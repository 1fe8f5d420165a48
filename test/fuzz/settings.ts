/** How a fuzz run is sized and seeded. */
export interface FuzzSettings {
  /** Requests per operation: half valid, half invalid. */
  runs: number;
  seed: number;
  /** True when the environment chose the size, as `npm run fuzz` does; a summary is printed. */
  verbose: boolean;
}

/** The suite's run: small enough for every `npm test`, fixed so failures reproduce. */
const SUITE_RUNS = 6;
const SUITE_SEED = 20_261_203;

/** Reads `JUNCTION_FUZZ_RUNS` and `JUNCTION_FUZZ_SEED`; the suite's fixed values otherwise. */
export function readFuzzSettings(env: NodeJS.ProcessEnv = process.env): FuzzSettings {
  return {
    runs: positiveInteger('JUNCTION_FUZZ_RUNS', env.JUNCTION_FUZZ_RUNS) ?? SUITE_RUNS,
    seed: positiveInteger('JUNCTION_FUZZ_SEED', env.JUNCTION_FUZZ_SEED) ?? SUITE_SEED,
    verbose: env.JUNCTION_FUZZ_RUNS !== undefined,
  };
}

function positiveInteger(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new Error(`${name}='${value}' is not valid: expected a positive integer`);
  return Number(value);
}
