import DataLoader from "dataloader";

/**
 * Per-request DataLoaders, created on first use and dropped with the request. One loader per
 * relation: its batch function sends one Cypher statement (UNWIND over the keys) per distinct
 * `asOf` in the batch, so a nested query of depth k costs at most k + 1 round trips. A batch is
 * sent once every resolver of the level has asked (setImmediate: after all promise jobs and ticks),
 * so middleware that awaits before a resolver asks cannot split a level into two statements.
 */
export class Loaders {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown, string>>();
  /**
   * Answers a shaped read fetched ahead of the resolvers (src/graph/read-plan.ts), by loader name
   * and key: a resolver finds its value here synchronously, with no promise per item (a Q1 tree
   * has ~2 600), where a DataLoader always answers through one.
   */
  private readonly primed = new Map<string, Map<string, unknown>>();

  prime(name: string, key: string, value: unknown): void {
    let byKey = this.primed.get(name);
    if (!byKey) this.primed.set(name, (byKey = new Map()));
    byKey.set(key, value);
  }

  /** The primed answer, or undefined when none was primed (by loader, then key: no string built per look-up). */
  primedValue<V>(name: string, key: string): V | undefined {
    return this.primed.get(name)?.get(key) as V | undefined;
  }

  get<K, V>(name: string, batch: (keys: readonly K[]) => Promise<readonly (V | Error)[]>, cacheKey: (key: K) => string): DataLoader<K, V, string> {
    let loader = this.loaders.get(name);
    if (!loader) {
      loader = new DataLoader<K, V, string>(batch, { cacheKeyFn: cacheKey, maxBatchSize: 1000, batchScheduleFn: (dispatch) => setImmediate(dispatch) }) as unknown as DataLoader<unknown, unknown, string>;
      this.loaders.set(name, loader);
    }
    return loader as unknown as DataLoader<K, V, string>;
  }
}
