/**
 * A sorted list kept as a row of bounded chunks: O(log n) search and O(√n)-ish inserts without the
 * O(n) splice of one flat array, enough for range scans over a collection of a few 100k documents.
 */
export class SortedList<T> {
  private chunks: T[][] = [];
  private static readonly MAX = 512;
  size = 0;

  constructor(private readonly cmp: (a: T, b: T) => number) {}

  /** Replaces the contents with `items`, sorting once (index builds), instead of n single inserts. */
  load(items: T[]): void {
    items.sort(this.cmp);
    this.chunks = [];
    const size = SortedList.MAX >> 1;
    for (let i = 0; i < items.length; i += size) this.chunks.push(items.slice(i, i + size));
    this.size = items.length;
  }

  insert(item: T): void {
    this.size++;
    if (!this.chunks.length) {
      this.chunks.push([item]);
      return;
    }
    const ci = this.chunkFor(item);
    const chunk = this.chunks[ci];
    chunk.splice(this.lowerInChunk(chunk, item), 0, item);
    if (chunk.length > SortedList.MAX)
      this.chunks.splice(ci, 1, chunk.slice(0, chunk.length >> 1), chunk.slice(chunk.length >> 1));
  }

  remove(item: T): boolean {
    if (!this.chunks.length) return false;
    const ci = this.chunkFor(item);
    const chunk = this.chunks[ci];
    const i = this.lowerInChunk(chunk, item);
    if (i >= chunk.length || this.cmp(chunk[i], item) !== 0) return false;
    chunk.splice(i, 1);
    if (!chunk.length) this.chunks.splice(ci, 1);
    this.size--;
    return true;
  }

  /** Items from the first one not less than `probe` (per `cmpProbe`) onwards, in order. */
  *from(cmpProbe: (item: T) => number): Generator<T> {
    let lo = 0;
    let hi = this.chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const c = this.chunks[mid];
      if (cmpProbe(c[c.length - 1]) < 0) lo = mid + 1;
      else hi = mid;
    }
    for (let ci = lo; ci < this.chunks.length; ci++) {
      const chunk = this.chunks[ci];
      let i = 0;
      if (ci === lo) {
        let a = 0;
        let b = chunk.length;
        while (a < b) {
          const m = (a + b) >> 1;
          if (cmpProbe(chunk[m]) < 0) a = m + 1;
          else b = m;
        }
        i = a;
      }
      for (; i < chunk.length; i++) yield chunk[i];
    }
  }

  private chunkFor(item: T): number {
    let lo = 0;
    let hi = this.chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const c = this.chunks[mid];
      if (this.cmp(c[c.length - 1], item) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private lowerInChunk(chunk: T[], item: T): number {
    let a = 0;
    let b = chunk.length;
    while (a < b) {
      const m = (a + b) >> 1;
      if (this.cmp(chunk[m], item) < 0) a = m + 1;
      else b = m;
    }
    return a;
  }
}
