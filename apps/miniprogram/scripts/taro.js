#!/usr/bin/env node
// Runs `taro build` with NODE_ENV pinned to what the command is, whatever the shell exported:
// a build is `production`, `--watch` is `development`. Taro keeps an exported NODE_ENV, and its
// babel preset reads it directly: `development` turns on React refresh (whose optional peers we
// do not install), `test` compiles to CommonJS without @babel/runtime. The server's NODE_ENV in
// the same shell must not change what the bundle is.
const { spawnSync } = require('node:child_process')
const path = require('node:path')

const args = process.argv.slice(2)
const env = { ...process.env, NODE_ENV: args.includes('--watch') ? 'development' : 'production' }
const taro = require.resolve('@tarojs/cli/bin/taro', { paths: [path.resolve(__dirname, '..')] })
const run = spawnSync(process.execPath, [taro, ...args], { stdio: 'inherit', env })
if (run.error) throw run.error
process.exit(run.status ?? 1)
