# syntax=docker/dockerfile:1
# leadloop container image: compiled JavaScript on Node 24, no dev dependencies, non-root.

FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# npm install (not npm ci): lockfiles written on some platforms omit other platforms'
# optional binaries and npm ci rejects them (see docs/decisions and toolchain notes).
RUN npm install --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY src ./src
COPY connectors ./connectors
RUN npm run build && npm prune --omit=dev

FROM node:24-slim AS runtime
ENV NODE_ENV=production \
    LEADLOOP_DATA_DIR=/var/lib/leadloop \
    LOG_FORMAT=json
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# tsc compiles only TypeScript; the store's SQL migrations are read next to the compiled code.
COPY src/store/migrations ./dist/src/store/migrations
# The dashboard's page, script and styles are served as files next to its router.
COPY src/server/dashboard/assets ./dist/src/server/dashboard/assets
COPY --from=build /app/package.json ./package.json
# The compiled CLI reads its version two folders up from dist/src/cli, as the sources do.
COPY --from=build /app/package.json ./dist/package.json
COPY bin ./bin
COPY config ./config
COPY mappings ./mappings
RUN ln -s /app/bin/leadloop.js /usr/local/bin/leadloop \
    && mkdir -p /var/lib/leadloop && chown node:node /var/lib/leadloop
USER node
EXPOSE 3000
# Liveness only: /healthz answers without the store or the vendors (those are /readyz).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["leadloop"]
CMD ["serve"]
