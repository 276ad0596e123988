import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from './paths';

/** The embedded engine started standalone through its CLI, as several servers share one database. */
export interface EngineProcess {
  uri: string;
  stop(): Promise<void>;
}

const engineCli = path.join(repoRoot, 'libs', 'embedded-mongo', 'bin', 'embedded-mongo.js');
const guardScript = path.join(__dirname, 'guard.js');

/** Starts `embedded-mongo --port 0` (in memory) under the guard and resolves with the URI it prints. */
export async function startEngineProcess(): Promise<EngineProcess> {
  const child = spawn(process.execPath, [guardScript, engineCli, '--port', '0'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  let output = '';
  const uri = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`embedded-mongo did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /^mongodb:\/\/\S+$/m.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then(() => reject(new Error(`embedded-mongo exited before it was ready:\n${output}`)));
  });
  return {
    uri,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
