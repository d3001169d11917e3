// A background job that runs one pass at a time. A request made while a pass
// runs (or waits to start) makes exactly one more pass after it, however many
// requests came meanwhile, so a burst of requests costs one or two passes.
import { logger } from './harper.js';

export interface CoalescingOptions {
  /** wait this long after a request before the pass starts, to take in the rest of a burst */
  batchMs?: number;
  /** start passes at least this far apart */
  minGapMs?: number;
}

export class CoalescingJob {
  private busy = false;
  private again = false;
  private lastStart = 0;

  constructor(
    private readonly name: string,
    private readonly pass: () => Promise<void>,
    private readonly options: CoalescingOptions = {},
  ) {}

  request(): void {
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = true;
    const { batchMs = 0, minGapMs = 0 } = this.options;
    const wait = Math.max(batchMs, this.lastStart + minGapMs - Date.now());
    if (wait > 0) setTimeout(() => this.run(), wait);
    else this.run();
  }

  private run(): void {
    this.again = false;
    this.lastStart = Date.now();
    this.pass()
      .catch((error) => logger.error(`${this.name} failed`, error))
      .finally(() => {
        this.busy = false;
        if (this.again) setImmediate(() => this.request());
      });
  }
}
