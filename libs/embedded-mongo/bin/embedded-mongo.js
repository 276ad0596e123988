#!/usr/bin/env node
// Runs the embedded engine as a standalone server, e.g. for mongosh or Compass:
//   embedded-mongo --port 27017 --dbpath ./data
'use strict';
const { startEmbeddedMongo } = require('../dist');

function parseArgs(argv) {
  const opts = { port: 27017, host: '127.0.0.1', dbPath: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--port') opts.port = Number(next());
    else if (a === '--dbpath') opts.dbPath = next();
    else if (a === '--host' || a === '--bind_ip') opts.host = next();
    else if (a === '--help' || a === '-h') usage();
    else usage(`unknown option ${a}`);
  }
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) usage('--port must be 0-65535');
  return opts;
}

function usage(problem) {
  if (problem) console.error(problem);
  console.error('usage: embedded-mongo [--port 27017] [--dbpath DIR] [--host 127.0.0.1]   (no --dbpath: in memory)');
  process.exit(problem ? 2 : 0);
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const mongo = await startEmbeddedMongo(opts);
  console.log(mongo.uri);
  console.error(opts.dbPath ? `embedded-mongo: data in ${opts.dbPath}` : 'embedded-mongo: in memory (nothing is kept)');
  const stop = async () => {
    await mongo.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(`embedded-mongo: ${e.message}`);
  process.exit(1);
});
