# clickgen in a container: one shard of a run per pod (deploy/kubernetes/indexed-job.yaml).
# The Node version is the minimum of package.json's engines (docs/decisions.md).
# Build stage: the dev dependencies compile TypeScript and bundle the CLI.
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
COPY scenarios ./scenarios
RUN npm run build

# Runtime: production dependencies only, run as the image's unprivileged node user.
FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` builds from source, which this stage has no compiler for; dist/ comes built.
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
# Everything package.json's "files" ships: what the CLI reads at run time (ui/ for serve's page,
# scenarios/, dist/'s scenario cache), as `npm install clickgen` would have it.
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY scenarios ./scenarios
COPY examples ./examples
COPY ui ./ui
COPY docs ./docs
USER node
ENTRYPOINT ["node", "/app/bin/clickgen.js"]
CMD ["--help"]
