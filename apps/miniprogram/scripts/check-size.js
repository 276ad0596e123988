#!/usr/bin/env node
// Fails when the weapp main package (everything in dist/weapp outside the subpackage roots
// listed in app.json) exceeds WeChat's 2 MB limit; prints the sizes either way.
const fs = require('node:fs');
const path = require('node:path');

const LIMIT = 2 * 1024 * 1024;
const TOTAL_LIMIT = 20 * 1024 * 1024;
const dist = path.resolve(__dirname, '..', 'dist', 'weapp');
const appJson = path.join(dist, 'app.json');

if (!fs.existsSync(appJson)) {
  console.error(`check:size: ${path.relative(process.cwd(), appJson)} not found; run \`npm run build:weapp\` first`);
  process.exit(1);
}

const app = JSON.parse(fs.readFileSync(appJson, 'utf8'));
const roots = (app.subPackages || app.subpackages || []).map((p) => p.root.replace(/\/+$/, ''));

// Files WeChat does not upload as part of the package.
const IGNORED = new Set(['project.config.json', 'project.private.config.json']);

function walk(dir, out = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}

const sizes = { main: 0 };
for (const root of roots) sizes[root] = 0;
for (const file of walk(dist)) {
  const rel = path.relative(dist, file).split(path.sep).join('/');
  if (IGNORED.has(rel) || rel.endsWith('.map')) continue;
  const root = roots.find((r) => rel === r || rel.startsWith(`${r}/`));
  sizes[root ?? 'main'] += fs.statSync(file).size;
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const total = Object.values(sizes).reduce((a, b) => a + b, 0);
console.log(`weapp main package: ${kb(sizes.main)} (${sizes.main} bytes; limit ${kb(LIMIT)})`);
for (const root of roots) console.log(`  subpackage ${root}: ${kb(sizes[root])}`);
console.log(`weapp total: ${kb(total)} (limit ${kb(TOTAL_LIMIT)})`);

if (sizes.main > LIMIT) {
  console.error(`check:size: FAILED: the main package is ${kb(sizes.main - LIMIT)} over the 2 MB limit`);
  process.exit(1);
}
if (total > TOTAL_LIMIT) {
  console.error('check:size: FAILED: the whole mini-program is over the 20 MB limit');
  process.exit(1);
}
console.log('check:size: OK');
