import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startEmbeddedMongo, type EmbeddedMongo } from '@quanzi/embedded-mongo';
import mongoose from 'mongoose';
import { auditCounters, formatReports } from './counter-audit';

const usage = `Usage: repair-counters [--fix]
Recounts every stored counter from the rows it counts and prints the drift.
  MONGODB_URI  the database to check (as the server uses it), else
  DATA_DIR     the embedded engine's data directory (default ./data; the server must be stopped)
  --fix        set every drifted counter to its recount
Exit status: 0 no drift (or all fixed), 1 drift left, 2 error.`;

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const unknown = argv.filter((a) => a !== '--fix');
  if (unknown.length > 0) {
    process.stderr.write(`unknown argument: ${unknown.join(' ')}\n${usage}\n`);
    return 2;
  }
  const fix = argv.includes('--fix');
  let engine: EmbeddedMongo | undefined;
  let uri = process.env.MONGODB_URI;
  if (!uri) {
    const dbPath = path.join(path.resolve(process.env.DATA_DIR || './data'), 'db');
    if (!fs.existsSync(dbPath)) {
      process.stderr.write(`no embedded database at ${dbPath} (set DATA_DIR, or MONGODB_URI for MongoDB)\n`);
      return 2;
    }
    // Opening the directory replays its journal, as the server's start does; a running server holds its lock.
    engine = await startEmbeddedMongo({ port: 0, dbPath });
    uri = engine.uri;
  }
  const client = new mongoose.mongo.MongoClient(uri);
  try {
    await client.connect();
    const reports = await auditCounters(client.db(), { fix });
    process.stdout.write(`${formatReports(reports, fix)}\n`);
    const left = reports.reduce((n, r) => n + r.drifts.length - r.fixed, 0);
    const drifted = reports.reduce((n, r) => n + r.drifts.length, 0);
    process.stdout.write(
      drifted === 0
        ? 'every stored counter equals its recount\n'
        : fix
          ? `fixed ${drifted - left} of ${drifted} drifted counters\n`
          : `${drifted} drifted counters (run with --fix to correct them)\n`,
    );
    return left === 0 ? 0 : 1;
  } finally {
    await client.close();
    await engine?.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`repair-counters failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
