import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from '../harness';

const ROOT = path.resolve(__dirname, '..', '..');
/** Builds the engine, the server and the H5 app before booting: minutes when the caches are cold. */
const START_TIMEOUT_MS = 15 * 60_000;

/** `npm start` (scripts/start.sh) must work whatever NODE_ENV the shell exports. */
describe('npm start', () => {
  test(
    'builds and serves the H5 app with NODE_ENV=development exported',
    async () => {
      const port = await freePort();
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quanzi-e2e-start-'));
      const lines: string[] = [];
      const child = spawn('bash', ['scripts/start.sh'], {
        cwd: ROOT,
        // Own process group, so the builds and the server stop together.
        detached: true,
        env: { ...process.env, NODE_ENV: 'development', PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir },
      });
      child.stdout.on('data', (d: Buffer) => lines.push(d.toString()));
      child.stderr.on('data', (d: Buffer) => lines.push(d.toString()));
      let exitCode: number | null | undefined;
      child.on('exit', (code) => (exitCode = code));
      try {
        const deadline = Date.now() + START_TIMEOUT_MS - 30_000;
        let page = '';
        while (Date.now() < deadline && exitCode === undefined) {
          try {
            const res = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2_000) });
            if (res.ok) {
              page = await res.text();
              break;
            }
          } catch {
            // not listening yet
          }
          await new Promise((r) => setTimeout(r, 1_000));
        }
        if (!page) process.stderr.write(lines.join('').slice(-4_000));
        expect(exitCode).toBeUndefined();
        expect(page).toMatch(/<html/i);
      } finally {
        if (child.pid && exitCode === undefined) process.kill(-child.pid, 'SIGTERM');
        await new Promise((r) => (exitCode === undefined ? child.once('exit', r) : r(null)));
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
    START_TIMEOUT_MS,
  );
});
