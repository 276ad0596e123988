import { Catalog } from './catalog';

/** TTL indexes: documents whose indexed date is older than `expireAfterSeconds` are deleted by a periodic sweep. */
export function sweepExpired(catalog: Catalog, now: Date): number {
  let removed = 0;
  for (const coll of catalog.allCollections()) removed += coll.expire(now);
  return removed;
}
