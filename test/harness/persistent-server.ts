import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startServerProcess, type ServerProcess } from './server-process';

/**
 * For crash drills: servers on one DATA_DIR on disk (not the in-memory engine), so a SIGKILLed
 * server can be restarted on what it left behind. Registers the file's hooks: a fresh temporary
 * directory before, and after, the last booted server stopped and the directory removed.
 */
export function usePersistentServer(prefix: string) {
  const state: { dataDir: string; server?: ServerProcess } = { dataDir: '' };
  beforeAll(() => {
    state.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `quanzi-${prefix}-`));
  });
  afterAll(async () => {
    await state.server?.stop();
    fs.rmSync(state.dataDir, { recursive: true, force: true });
  });
  return {
    dataDir: () => state.dataDir,
    /** Boots a server on the directory (the previous one must be stopped or crashed). */
    boot: async (label: string, env: Record<string, string | undefined> = {}): Promise<ServerProcess> => {
      state.server = await startServerProcess({
        label,
        env: { DB_IN_MEMORY: undefined, DATA_DIR: state.dataDir, ...env },
      });
      return state.server;
    },
  };
}
