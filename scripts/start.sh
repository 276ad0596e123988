#!/usr/bin/env bash
# `npm start`: build what the product needs (incremental where the tools allow), then run the
# server with the embedded database in ./data and the H5 app at http://localhost:${PORT:-3000}.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD

echo "▶ building the embedded database engine and the server"
npm run --silent build -w @quanzi/embedded-mongo
npm run --silent build -w @quanzi/server
echo "▶ building the H5 mini-program (the first build takes a few minutes; later ones use the cache)"
# Always the production bundle: with NODE_ENV=development exported, Taro's babel preset would turn on
# React refresh (a dev-server feature whose babel plugin is not installed) and the build fails.
NODE_ENV=production npm run --silent build:h5 -w @quanzi/miniprogram

export DATA_DIR=${DATA_DIR:-$ROOT/data}
export H5_DIR=${H5_DIR:-$ROOT/apps/miniprogram/dist/h5}
echo "▶ starting Quanzi on http://localhost:${PORT:-3000} (data in $DATA_DIR; Ctrl+C stops)"
exec node apps/server/dist/main.js
