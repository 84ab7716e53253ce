# syntax=docker/dockerfile:1
# One image for the API (which also serves the web console from dist/web), the worker and the
# one-shot migrate job; docker-compose.yml picks the command. Build: docker build -t avrr .
ARG NODE_IMAGE=node:20-bookworm-slim

# --- build: all dependencies, compile, prebuild the workflow bundle, drop dev dependencies ---
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci
COPY . .
# dist/ (API, worker, CLIs, migrations) + dist/workflow-bundle.js + dist/web (the console the API serves at /)
RUN npm run build \
 && test -f dist/workflow-bundle.js \
 && test -f dist/web/index.html \
 && npm prune --omit=dev

# --- runtime: production dependencies and compiled output only, as a non-root user ---------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HTTP_HOST=0.0.0.0 \
    HTTP_PORT=3000 \
    TEMPORAL_WORKFLOW_BUNDLE=dist/workflow-bundle.js
WORKDIR /app
COPY --from=build --chown=root:root /app/package.json ./package.json
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
# Files stay root-owned and read-only to the app; it runs as the image's unprivileged `node` user.
USER node
EXPOSE 3000
# No HEALTHCHECK here: the worker runs from this image too and serves no HTTP; the API's
# healthcheck is in docker-compose.yml.
CMD ["node", "dist/apps/api/src/main.js"]
