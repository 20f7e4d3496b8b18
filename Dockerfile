# syntax=docker/dockerfile:1
#
# One image definition for the three Policy Ledger apps, plus the migration job.
#
#   app      ingest, aggregator and api; docker-compose.yml picks the entry point per
#            service, for example `node dist/apps/ingest/src/main.js`
#   migrate  `npx --no prisma migrate deploy`, with the Prisma CLI (a devDependency),
#            prisma.config.ts and the migrations
#
# Install scripts are skipped (`--ignore-scripts`) because the build does not depend on
# any of them. Among them, @prisma/engines' postinstall would download engine binaries
# that this project does not use, because the client runs through the pg driver adapter
# and migrations run through the CLI's bundled WebAssembly engine.

ARG NODE_VERSION=22

FROM node:${NODE_VERSION}-bookworm-slim AS base
WORKDIR /app
# CHECKPOINT_DISABLE turns off the Prisma CLI's update check, a request to Prisma's servers.
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false \
    CHECKPOINT_DISABLE=1

# All dependencies, for the build and for the migration job.
FROM base AS deps
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts

# Runtime dependencies only.
FROM base AS prod-deps
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts

# `npm run build` runs `prisma generate`, then compiles apps/ and libs/ into dist/.
FROM deps AS build
COPY tsconfig.json tsconfig.build.json prisma.config.ts ./
COPY prisma ./prisma
COPY libs ./libs
COPY apps ./apps
RUN npm run build

FROM base AS migrate
COPY --from=deps /app/node_modules ./node_modules
COPY package.json prisma.config.ts ./
COPY prisma ./prisma
COPY libs/persistence/src/database-url.ts ./libs/persistence/src/database-url.ts
# The CLI loads prisma.config.ts through jiti, which caches the compiled file in
# node_modules/.cache; the node user needs write access there.
RUN mkdir -p node_modules/.cache && chown node:node node_modules/.cache
USER node
CMD ["npx", "--no", "prisma", "migrate", "deploy"]

# Last stage, so a plain `docker build .` produces the app image.
FROM base AS app
ENV NODE_ENV=production
COPY --from=prod-deps /app/node_modules ./node_modules
# package.json sets "type": "module", which Node needs to load dist/**/*.js as ES modules.
COPY package.json ./
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000 3100 3200
CMD ["node", "dist/apps/api/src/main.js"]
