// Test-only: test/clockSkew.test.ts starts one Harper with
// TICKETING_TEST_CLOCK_SKEW_MS set, and worker thread 1's clock then runs
// that far ahead, as two threads' clocks may (Harper stamps each commit with
// its own thread's clock: lib/harper.ts, stampAfterReads). Never set it anywhere else.
const skewMs = Number(process.env.TICKETING_TEST_CLOCK_SKEW_MS ?? 0);

export function skewTestClock(workerIndex: number | undefined): void {
  if (!skewMs || workerIndex !== 1) return;
  const now = performance.now.bind(performance);
  const dateNow = Date.now;
  performance.now = () => now() + skewMs;
  Date.now = () => dateNow() + skewMs;
}
