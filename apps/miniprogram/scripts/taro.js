#!/usr/bin/env node
// Runs `taro` with NODE_ENV pinned to what the command is, whatever the shell exported: a build
// is `production`, `--watch` is `development`. Taro keeps an exported NODE_ENV, and its babel
// preset reads it directly: `development` turns on React refresh (whose optional peers we do not
// install), `test` compiles to CommonJS without @babel/runtime. A NODE_ENV meant for the server in
// the same shell must not change what the bundle is.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

/** The environment `taro <args>` runs with. */
function taroEnv(args, env) {
  return { ...env, NODE_ENV: args.includes('--watch') ? 'development' : 'production' };
}

module.exports = { taroEnv };

if (require.main === module) {
  const args = process.argv.slice(2);
  const taro = require.resolve('@tarojs/cli/bin/taro', { paths: [path.resolve(__dirname, '..')] });
  const run = spawnSync(process.execPath, [taro, ...args], { stdio: 'inherit', env: taroEnv(args, process.env) });
  if (run.error) throw run.error;
  process.exit(run.status ?? 1);
}
