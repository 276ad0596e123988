import { badValue } from '../errors';
import { Doc } from '../bson-values';
import { Filter, matches } from '../filter';
import { getPath } from './paths';

export interface PositionalContext {
  /** The query that selected the document: resolves the positional `$`. */
  query: Filter;
  arrayFilters?: Doc[];
  inserting: boolean;
}

export const hasPositional = (path: string) => path.split('.').some((p) => p === '$' || p.startsWith('$['));

/** Resolves `$`, `$[]` and `$[ident]` into concrete paths. */
export function expandPositional(doc: Doc, path: string, ctx: PositionalContext): string[] {
  const parts = path.split('.');
  const idx = parts.findIndex((p) => p === '$' || p.startsWith('$['));
  if (idx < 0) return [path];
  const prefix = parts.slice(0, idx).join('.');
  const rest = parts.slice(idx + 1).join('.');
  const arr = getPath(doc, prefix);
  const token = parts[idx];
  if (!Array.isArray(arr)) {
    if (ctx.inserting && token !== '$') return [];
    throw badValue(`The path '${prefix}' must exist in the document in order to apply array updates.`);
  }
  let indices: number[];
  if (token === '$') {
    const i = positionalIndex(arr, prefix, ctx.query);
    if (i < 0) throw badValue('The positional operator did not find the match needed from the query.');
    indices = [i];
  } else if (token === '$[]') {
    indices = arr.map((_, i) => i);
  } else {
    const ident = token.slice(2, -1);
    const filters = (ctx.arrayFilters ?? []).filter((f) =>
      Object.keys(f).some((k) => k === ident || k.startsWith(ident + '.')),
    );
    if (!filters.length) throw badValue(`No array filter found for identifier '${ident}' in path '${path}'`);
    indices = arr.map((_, i) => i).filter((i) => filters.every((f) => matches({ [ident]: arr[i] }, f)));
  }
  const out: string[] = [];
  for (const i of indices) {
    const concrete = [prefix, String(i), rest].filter(Boolean).join('.');
    out.push(...expandPositional(doc, concrete, ctx));
  }
  return out;
}

/** The index of the first element of `arr` (at `prefix`) that the query's conditions on `prefix` match. */
export function positionalIndex(arr: unknown[], prefix: string, query: Filter): number {
  const conds: [string, unknown][] = [];
  const gather = (q: Filter) => {
    for (const k of Object.keys(q)) {
      if (k === '$and' && Array.isArray(q[k])) (q[k] as Filter[]).forEach(gather);
      else if (k === prefix || k.startsWith(prefix + '.')) conds.push([k.slice(prefix.length + 1), q[k]]);
    }
  };
  gather(query);
  if (!conds.length) return -1;
  return arr.findIndex((el) =>
    conds.every(([sub, cond]) =>
      sub ? matches({ el }, { ['el.' + sub]: cond }) : matches({ el: [el] }, { el: cond }),
    ),
  );
}
