/** Child process for the lock test: opens the engine on a data directory, says so, then idles until killed. */
import { startEmbeddedMongo } from '../src';

async function main(): Promise<void> {
  await startEmbeddedMongo({ dbPath: process.argv[2] });
  process.stdout.write(`ready ${process.pid}\n`);
  setInterval(() => undefined, 60_000);
}

main().catch((e: Error) => {
  process.stdout.write(`error ${e.message}\n`);
  process.exit(1);
});
