// One build at a time per key: callers that arrive while a value is being
// built wait for that build instead of starting their own. A build is shared
// only with callers of the same `round` (e.g. the catalog generation), so a
// caller that comes after an invalidation never gets a value begun before it.

export class SharedBuilds<T> {
  private readonly running = new Map<string, { round: number; promise: Promise<T> }>();

  run(key: string, round: number, build: () => Promise<T>): Promise<T> {
    const current = this.running.get(key);
    if (current && current.round === round) return current.promise;
    const promise = build().finally(() => {
      if (this.running.get(key)?.promise === promise) this.running.delete(key);
    });
    this.running.set(key, { round, promise });
    return promise;
  }
}
