import { cloneValue, Doc, isPlainObject } from '../bson-values';
import { Filter } from '../filter';
import { setPath } from './paths';

/** For upserts: the equality fields of the query that seed the new document. */
export function seedFromQuery(query: Filter): Doc {
  const out: Doc = {};
  const take = (q: Filter) => {
    for (const k of Object.keys(q)) {
      const v = q[k];
      if (k === '$and' && Array.isArray(v)) {
        (v as Filter[]).forEach(take);
        continue;
      }
      if (k.startsWith('$')) continue;
      if (isPlainObject(v) && Object.keys(v).length && Object.keys(v)[0].startsWith('$')) {
        if ('$eq' in v) setPath(out, k, cloneValue(v.$eq));
        continue;
      }
      setPath(out, k, cloneValue(v));
    }
  };
  take(query);
  return out;
}
