import { badValue } from './errors';

/**
 * Collation for string comparison (equality, ranges, sort, unique indexes), through the runtime's
 * ICU (`Intl.Collator`): strength 1 ignores case and accents, 2 ignores case, 3 (the default) is
 * locale order with case. A command runs with one collation at a time (`withCollation`), read by
 * `compareValues` and equality; `simple` (or none) is plain code-point order.
 */

export interface Collation {
  readonly strength: number;
  readonly collator: Intl.Collator;
  /** The normalized spec, as mongod reports it in listIndexes / listCollections. */
  readonly spec: Record<string, unknown>;
  /** The spec for mingo (later aggregation stages): locale as a BCP 47 tag. */
  readonly mingo: { locale: string; strength: number };
  /** An index key for a string: equal under this collation ⇔ equal keys (strengths 1 and 2). */
  fold(s: string): string;
}

const SUPPORTED = new Set([
  'locale',
  'strength',
  'caseLevel',
  'caseFirst',
  'numericOrdering',
  'alternate',
  'maxVariable',
  'normalization',
  'backwards',
  'version',
]);
const cache = new Map<string, Collation>();
let current: Collation | undefined;

/** Parses a command's `collation`; `undefined` for none or `{locale: 'simple'}`. Options other than locale/strength must keep their defaults. */
export function parseCollation(input: unknown): Collation | undefined {
  if (input === undefined || input === null) return undefined;
  const spec = input as Record<string, unknown>;
  if (typeof input !== 'object' || Array.isArray(input)) throw badValue('collation must be an object');
  if (typeof spec.locale !== 'string') throw badValue("Required field 'locale' is missing");
  if (spec.locale === 'simple') return undefined;
  const key = JSON.stringify(spec);
  const hit = cache.get(key);
  if (hit) return hit;
  for (const k of Object.keys(spec)) if (!SUPPORTED.has(k)) throw badValue(`unknown collation field: ${k}`);
  const strength = spec.strength === undefined ? 3 : Number(spec.strength);
  if (![1, 2, 3].includes(strength))
    throw badValue(`collation strength ${strength} is not supported by the embedded engine (1, 2 or 3)`);
  const defaults: Record<string, unknown> = {
    caseLevel: false,
    caseFirst: 'off',
    numericOrdering: false,
    alternate: 'non-ignorable',
    maxVariable: 'punct',
    normalization: false,
    backwards: false,
  };
  for (const [k, v] of Object.entries(defaults)) {
    if (spec[k] !== undefined && spec[k] !== v)
      throw badValue(`collation ${k}: ${JSON.stringify(spec[k])} is not supported by the embedded engine`);
  }
  // ICU locale ids as mongod takes them (`en_US`, `zh_Hant`) are BCP 47 tags with `-` for the runtime.
  const tag = spec.locale.replace(/_/g, '-');
  let supported: string[] = [];
  try {
    supported = Intl.Collator.supportedLocalesOf([tag]);
  } catch {
    supported = [];
  }
  if (!supported.length) throw badValue(`Field 'locale' is invalid in: ${JSON.stringify(spec)}`);
  const sensitivity = strength === 1 ? 'base' : strength === 2 ? 'accent' : 'variant';
  const collator = new Intl.Collator(tag, { sensitivity, usage: 'sort' });
  const fold =
    strength === 1
      ? (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase(tag)
      : strength === 2
        ? (s: string) => s.normalize('NFC').toLocaleLowerCase(tag)
        : (s: string) => s;
  const c: Collation = {
    strength,
    collator,
    spec: { locale: spec.locale, ...defaults, strength, version: '57.1' },
    fold,
    mingo: { locale: tag, strength },
  };
  cache.set(key, c);
  return c;
}

/** The collation the running command compares strings with (undefined: binary). */
export const activeCollation = (): Collation | undefined => current;

export function withCollation<T>(c: Collation | undefined, fn: () => T): T {
  if (c === current) return fn();
  const prev = current;
  current = c;
  try {
    return fn();
  } finally {
    current = prev;
  }
}

/** Two collation specs are the same collation (the index/query match test). */
export const sameCollation = (a: Collation | undefined, b: Collation | undefined) =>
  a === b || (!!a && !!b && JSON.stringify(a.spec) === JSON.stringify(b.spec));
