/**
 * Runs tasks with the same key one after another inside this process. Correctness never depends
 * on it (the database's conditional updates and transactions do that, across processes too);
 * it keeps a burst of signups for one ticket type from turning into a storm of transaction
 * write conflicts and retries on that single hot document.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
