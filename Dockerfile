# syntax=docker/dockerfile:1
# quotebot: built with the toolchain, run on a slim image as an unprivileged user.
#   docker build -t quotebot .   then see compose.yaml, or the README's "Running in production".

# Node 20 is the oldest supported version (and the one CI tests) but reached end of life in April 2026;
# an image is better off on a maintained line. Any version in package.json's "engines" works.
ARG NODE_VERSION=22

FROM node:${NODE_VERSION}-bookworm-slim AS build
# better-sqlite3 compiles from source when no prebuilt binary fits this Node and libc.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY commands ./commands
# The compiler is a dev dependency: build, then keep only what the bot needs to run.
RUN npm run build && npm prune --omit=dev --no-audit --no-fund
# The word vectors table, compiled here once (about 20 s and most of a gigabyte of memory) rather than at the
# bot's first start; a new /cache volume starts with it. The packages it comes from stay installed: the bot
# checks the table against their versions, and compiles afresh should they differ.
RUN VECTORS_CACHE_DIR=/cache/vectors node -e "import('./dist/src/engine/engine.js').then((e) => process.exit(e.defaultVectors() ? 0 : 1))"

FROM node:${NODE_VERSION}-bookworm-slim
# Inside a container 127.0.0.1 is the container alone, so the health and metrics listener takes every
# interface; publish its port on the host's loopback only (compose.yaml does) or to Prometheus's network.
ENV NODE_ENV=production \
    CORPUS_DIR=/app/corpus \
    DATA_DIR=/data \
    INDEX_CACHE_DIR=/cache/index \
    VECTORS_CACHE_DIR=/cache/vectors \
    METRICS_PORT=9464 \
    METRICS_HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The shipped corpus: what a new named volume starts with. Moderators' /sources add writes here.
COPY --chown=node:node corpus ./corpus
COPY --from=build --chown=node:node /cache/vectors /cache/vectors
RUN mkdir -p /data /cache/index && chown -R node:node /data /cache
USER node
VOLUME ["/app/corpus", "/data", "/cache"]
EXPOSE 9464
# Liveness only (/healthz): /readyz is for whoever routes work, and fails while the index loads.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.METRICS_PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself is PID 1 (no npm, no shell): SIGTERM reaches the bot, which finishes answers in flight
# within SHUTDOWN_GRACE_SECONDS (10 s by default) and closes the gateway. Give it longer than that to stop.
# With SHARDS set, PID 1 is the shard manager: it passes SIGTERM to every shard and exits when they have.
STOPSIGNAL SIGTERM
CMD ["node", "--enable-source-maps", "dist/src/bot/main.js"]
