#!/usr/bin/env node
// Runs `taro` with NODE_ENV pinned to what the command is, whatever the shell exported: a build
// is `production`, `--watch` is `development`. Taro keeps an exported NODE_ENV, and its babel
// preset reads it directly: `development` turns on React refresh (whose optional peers we do not
// install), `test` compiles to CommonJS without @babel/runtime. A NODE_ENV meant for the server in
// the same shell must not change what the bundle is.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { brandArg, loadBrand, outputRoot } = require('./brand');

/** The environment `taro <args>` runs with. */
function taroEnv(args, env) {
  return { ...env, NODE_ENV: args.includes('--watch') ? 'development' : 'production' };
}

module.exports = { taroEnv };

if (require.main === module) {
  // `--brand <name>` is ours, not Taro's: the validated brand reaches config/index.ts and
  // app.config.ts as JSON in the environment.
  const { name, rest: args } = brandArg(process.argv.slice(2));
  let brand;
  try {
    brand = loadBrand(name);
  } catch (e) {
    console.error(`build: ${e.message}`);
    process.exit(1);
  }
  const env = { ...taroEnv(args, process.env), QUANZI_BRAND_JSON: JSON.stringify(brand) };
  const taro = require.resolve('@tarojs/cli/bin/taro', { paths: [path.resolve(__dirname, '..')] });
  const run = spawnSync(process.execPath, [taro, ...args], { stdio: 'inherit', env });
  if (run.error) throw run.error;
  // Taro copies project.config.json as is; each brand uploads under its own appid and name.
  const type = args[args.indexOf('--type') + 1];
  const project = path.resolve(__dirname, '..', outputRoot(name, type), 'project.config.json');
  if (run.status === 0 && type === 'weapp' && fs.existsSync(project)) {
    const config = JSON.parse(fs.readFileSync(project, 'utf8'));
    const branded = { ...config, appid: brand.appid, projectname: name, description: brand.appName };
    fs.writeFileSync(project, `${JSON.stringify(branded, null, 2)}\n`);
  }
  process.exit(run.status ?? 1);
}
