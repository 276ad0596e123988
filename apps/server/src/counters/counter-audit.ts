import type { mongo } from 'mongoose';
import { STORED_COUNTERS, type StoredCounter } from './stored-counters';

type Row = Record<string, unknown>;

/** One counter whose stored value differs from the recount of its rows. */
export interface Drift {
  /** The counter document's key fields (`{ _id }` for a per-document counter). */
  key: Row;
  /** null: the document should exist (an upserted counter) but does not. */
  stored: number | null;
  counted: number;
}

export interface CounterReport {
  collection: string;
  field: string;
  checked: number;
  drifts: Drift[];
  /** With `fix`: drifts corrected. A drift whose counter changed meanwhile is recounted, not overwritten. */
  fixed: number;
}

const keyString = (values: unknown[]) =>
  JSON.stringify(
    values.map((v) =>
      v && typeof v === 'object' && 'toHexString' in v ? (v as { toHexString(): string }).toHexString() : (v ?? null),
    ),
  );

function rowValue(spec: StoredCounter, i: number, row: Row): unknown {
  const source = spec.key[i].row;
  return typeof source === 'string' ? (row[source] ?? null) : source.derive(row);
}

/** The rows filter that selects exactly the rows one counter document counts. */
function rowsOf(spec: StoredCounter, key: Row): Row {
  const filter: Row = { ...spec.match };
  for (const k of spec.key)
    Object.assign(
      filter,
      typeof k.row === 'string' ? { [k.row]: key[k.counter] ?? null } : k.row.rowsWith(key[k.counter]),
    );
  return filter;
}

/** Recounts one stored counter from its rows; with `fix`, sets each drifted counter to its recount. */
export async function auditCounter(db: mongo.Db, spec: StoredCounter, fix: boolean): Promise<CounterReport> {
  const counts = new Map<string, { key: Row; n: number }>();
  const sourceFields = spec.key.flatMap((k) => (typeof k.row === 'string' ? [k.row] : k.row.source));
  const projection = Object.fromEntries(sourceFields.map((f) => [f, 1]));
  for await (const row of db.collection(spec.rows).find(spec.match, { projection })) {
    const values = spec.key.map((_, i) => rowValue(spec, i, row));
    const id = keyString(values);
    const entry = counts.get(id) ?? { key: Object.fromEntries(spec.key.map((k, i) => [k.counter, values[i]])), n: 0 };
    entry.n += 1;
    counts.set(id, entry);
  }

  const report: CounterReport = { collection: spec.collection, field: spec.field, checked: 0, drifts: [], fixed: 0 };
  const keyFields = spec.key.map((k) => k.counter);
  const counterProjection = Object.fromEntries([...keyFields, spec.field].map((f) => [f, 1]));
  for await (const doc of db.collection(spec.collection).find({}, { projection: counterProjection })) {
    report.checked += 1;
    const id = keyString(keyFields.map((f) => doc[f]));
    const counted = counts.get(id)?.n ?? 0;
    counts.delete(id);
    const stored = typeof doc[spec.field] === 'number' ? (doc[spec.field] as number) : null;
    if (stored !== counted)
      report.drifts.push({ key: Object.fromEntries(keyFields.map((f) => [f, doc[f]])), stored, counted });
  }
  if (spec.upsert) for (const { key, n } of counts.values()) report.drifts.push({ key, stored: null, counted: n });

  if (fix) for (const drift of report.drifts) if (await fixDrift(db, spec, drift)) report.fixed += 1;
  return report;
}

/**
 * Recounts the one key again right before writing, and writes only if the counter still holds
 * the value it was audited with: a row and its count change in one transaction, so a write that
 * commits in between changes the counter and the conditional update misses instead of undoing it.
 */
export async function fixDrift(db: mongo.Db, spec: StoredCounter, drift: Drift): Promise<boolean> {
  const counted = await db.collection(spec.rows).countDocuments(rowsOf(spec, drift.key));
  if (counted === drift.stored) return true;
  const counters = db.collection(spec.collection);
  if (drift.stored === null) {
    const res = await counters.updateOne(drift.key, { $setOnInsert: { [spec.field]: counted } }, { upsert: true });
    if (res.upsertedCount === 1) return true;
    const res2 = await counters.updateOne(
      { ...drift.key, [spec.field]: { $exists: false } },
      { $set: { [spec.field]: counted } },
    );
    return res2.modifiedCount === 1;
  }
  const res = await counters.updateOne(
    { ...drift.key, [spec.field]: drift.stored },
    { $set: { [spec.field]: counted } },
  );
  return res.modifiedCount === 1;
}

/** Audits every stored counter of the product, one after another. */
export async function auditCounters(
  db: mongo.Db,
  options: { fix?: boolean; counters?: readonly StoredCounter[] } = {},
): Promise<CounterReport[]> {
  const reports: CounterReport[] = [];
  for (const spec of options.counters ?? STORED_COUNTERS)
    reports.push(await auditCounter(db, spec, options.fix ?? false));
  return reports;
}

/** The report as a plain-text table (collection, field, documents checked, drifted[, fixed]) plus a few examples. */
export function formatReports(reports: CounterReport[], fix: boolean): string {
  const head = ['collection', 'field', 'documents checked', 'drifted', ...(fix ? ['fixed'] : [])];
  const rows = reports.map((r) => [
    r.collection,
    r.field,
    String(r.checked),
    String(r.drifts.length),
    ...(fix ? [String(r.fixed)] : []),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  const out = [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
  for (const r of reports) {
    for (const d of r.drifts.slice(0, 5))
      out.push(
        `  ${r.collection}.${r.field} ${keyString(Object.values(d.key))}: ` +
          `stored ${d.stored ?? 'missing'}, counted ${d.counted}`,
      );
    if (r.drifts.length > 5) out.push(`  ${r.collection}.${r.field}: … and ${r.drifts.length - 5} more`);
  }
  return out.join('\n');
}
