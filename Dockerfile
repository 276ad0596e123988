# syntax=docker/dockerfile:1
# Quanzi server image: the same artifacts `npm start` (scripts/start.sh) builds and runs —
# libs/embedded-mongo/dist, apps/server/dist (with the contract copied into dist/node_modules) and
# the H5 app in apps/miniprogram/dist/h5 — started with `node apps/server/dist/main.js`.
# Production points MONGODB_URI at a MongoDB replica set (see docker-compose.yml).

FROM node:20-bookworm-slim AS build
# fs-ext (the embedded engine's file lock) compiles with node-gyp at install.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Manifests first, so the dependency layer is cached until a package.json or the lock changes.
COPY package.json package-lock.json ./
COPY libs/contract/package.json libs/contract/
COPY libs/embedded-mongo/package.json libs/embedded-mongo/
COPY apps/server/package.json apps/server/
COPY apps/miniprogram/package.json apps/miniprogram/
RUN npm ci --no-audit --no-fund
COPY . .
# The build steps of scripts/start.sh, in its order.
RUN npm run --silent build -w @quanzi/embedded-mongo \
 && npm run --silent build -w @quanzi/server \
 && NODE_ENV=production npm run --silent build:h5 -w @quanzi/miniprogram
# Runtime dependencies only (workspace links to libs/* stay; dev tools and the Taro toolchain go).
RUN npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data \
    H5_DIR=/app/apps/miniprogram/dist/h5 \
    LOG_FORMAT=json
WORKDIR /app
COPY --from=build --chown=root:root /src/package.json ./
COPY --from=build --chown=root:root /src/node_modules ./node_modules
COPY --from=build --chown=root:root /src/libs/contract/package.json libs/contract/
COPY --from=build --chown=root:root /src/libs/embedded-mongo/package.json libs/embedded-mongo/
COPY --from=build --chown=root:root /src/libs/embedded-mongo/dist libs/embedded-mongo/dist
COPY --from=build --chown=root:root /src/libs/embedded-mongo/bin libs/embedded-mongo/bin
COPY --from=build --chown=root:root /src/apps/server/package.json apps/server/
COPY --from=build --chown=root:root /src/apps/server/dist apps/server/dist
COPY --from=build --chown=root:root /src/apps/miniprogram/dist/h5 apps/miniprogram/dist/h5
# Code is root-owned and read-only to the server; only DATA_DIR (uploads, posters) is writable.
RUN mkdir -p /data && chown node:node /data
VOLUME /data
USER node
EXPOSE 3000
# Readiness: the database answers and the instance is not draining. Plain node: the slim image has no curl.
HEALTHCHECK --interval=10s --timeout=3s --start-period=40s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# exec form: node is PID 1's only child-free process and gets SIGTERM directly (graceful drain in main.ts).
STOPSIGNAL SIGTERM
CMD ["node", "apps/server/dist/main.js"]
