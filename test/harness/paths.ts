import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..');
/** The built server; E2E_SERVER_ENTRY points the suites at another build. */
export const serverEntry = process.env.E2E_SERVER_ENTRY
  ? path.resolve(process.env.E2E_SERVER_ENTRY)
  : path.join(repoRoot, 'apps', 'server', 'dist', 'main.js');
export const h5Dir = path.join(repoRoot, 'apps', 'miniprogram', 'dist', 'h5');
export const artifactsDir = path.join(repoRoot, 'test', 'artifacts');
