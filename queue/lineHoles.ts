// Late places that were taken but never filled: a join that failed after
// taking its place (latePlaces.ts), or one cut off by a crash. Left alone,
// each would count as a fan for everyone behind it. A join commits within
// moments of taking its place, so a place missing from the line in two checks
// CHECK_MS apart is a hole, and the ticker counts it as a fan who left.
const CHECK_MS = 30_000;

export class LineHoles {
  private suspects = new Set<number>();
  private checkAt = 0;

  /** Whether a check is due: the caller then reads the line and calls `check`. */
  due(now: number): boolean {
    return now >= this.checkAt;
  }

  /**
   * `waiting`: the late places of the fans waiting now, in order (the
   * pre-queue is numbered in one transaction: it has no holes); `left`: places
   * already known to be empty. Answers the holes confirmed by this check.
   */
  check(waiting: number[], left: number[], now: number): number[] {
    this.checkAt = now + CHECK_MS;
    const known = new Set(left);
    const missing: number[] = [];
    let expected: number | null = null;
    for (const place of waiting) {
      if (expected !== null) for (let p = expected; p < place; p++) if (!known.has(p)) missing.push(p);
      expected = place + 1;
    }
    const holes = missing.filter((p) => this.suspects.has(p));
    this.suspects = new Set(missing.filter((p) => !this.suspects.has(p)));
    return holes;
  }
}
