# syntax=docker/dockerfile:1
# The container image of the bot. Thin on purpose: everything it ships is what `npm run release` writes (tested by
# test/e2e/release.full.test.ts); this file only runs that and puts the result on node:24-slim.
#
#   docker build -t icloud-backup-help .
#   docker run -p 3978:3978 -v bot-data:/data -e MicrosoftAppId=... -e MicrosoftAppPassword=... icloud-backup-help

# --- build: npm ci (devDependencies included: the compiler), then npm run release → /src/release
FROM node:24-slim AS build
# better-sqlite3 is a native module: build tools for when its prebuilt binary cannot be downloaded.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run release

# --- runtime: the release folder, a non-root user, node as PID 1 (SIGTERM reaches it: graceful shutdown)
FROM node:24-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3978 \
    SQLITE_PATH=/data/bot.sqlite
WORKDIR /app
# Owned by root, read-only for the app; only /data (the SQLite file) is written.
COPY --from=build /src/release/ ./
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 3978
# node:24-slim has no curl: Node's own fetch asks /readyz (the model is loaded and SQLite or Redis answers).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3978) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/src/index.js"]
