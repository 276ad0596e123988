import * as path from 'path';
import { Catalog } from './catalog';
import { ChangeOp } from './collection';
import { Doc } from './bson-values';
import { encodeRecord, Journal, readRecords, writeFileDurably } from './journal';

/** Opening a data directory (snapshot, then journal replay) and writing snapshots. */

const SNAPSHOT = 'snapshot.bson';
const JOURNAL = 'journal.bson';

function replay(catalog: Catalog, record: Doc): void {
  for (const op of (record.ops as ChangeOp[]) ?? []) catalog.apply(op);
}

/**
 * Loads the snapshot and replays the journal into `catalog` (which must not journal meanwhile),
 * then builds every index once. A torn or corrupt journal tail is cut off.
 */
export function recover(
  dir: string,
  catalog: Catalog,
): { journal: Journal; replayedRecords: number; truncatedBytes: number } {
  for (const rec of readRecords(path.join(dir, SNAPSHOT)).records) replay(catalog, rec);
  const { journal, records, truncatedBytes } = Journal.open(path.join(dir, JOURNAL));
  for (const rec of records) replay(catalog, rec);
  for (const coll of catalog.allCollections()) coll.rebuildIndexes();
  return { journal, replayedRecords: records.length, truncatedBytes };
}

/** Writes the whole committed state as a snapshot, then empties the journal it supersedes. */
export function writeSnapshot(dir: string, catalog: Catalog, journal: Journal): void {
  journal.flush();
  const chunks: Buffer[] = [];
  for (const coll of catalog.allCollections()) {
    const head: ChangeOp[] = [{ o: 'coll', ns: coll.ns, opts: coll.options }];
    for (const index of coll.indexes.values()) {
      if (index.spec.name !== '_id_') head.push({ o: 'idx', ns: coll.ns, spec: index.spec });
    }
    chunks.push(encodeRecord({ ops: head }));
    let batch: ChangeOp[] = [];
    // Committed images only: a transaction's uncommitted write is not part of a snapshot.
    for (const doc of coll.committedDocs()) {
      batch.push({ o: 'put', ns: coll.ns, d: doc });
      if (batch.length >= 1000) {
        chunks.push(encodeRecord({ ops: batch }));
        batch = [];
      }
    }
    if (batch.length) chunks.push(encodeRecord({ ops: batch }));
  }
  writeFileDurably(path.join(dir, SNAPSHOT), chunks);
  journal.reset();
}
