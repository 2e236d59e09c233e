# otelcol-ts image: build with the full toolchain, run on a slim Node 24 as a non-root user.
# The user's compose file runs it as `command: [--config=/otel/otel-collector-config.yaml]`,
# so the entrypoint takes the collector's flags directly.

FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
# npm ci runs `prepare` (tsconfig.build.json), which compiles the collector alone to dist/: no
# tests, benchmarks or test kit.
RUN npm ci --no-audit --no-fund \
 && npm prune --omit=dev

FROM node:24-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY config ./config
# The file exporter of the user's config writes to /var/otel (a volume); give the runtime user a home there.
RUN mkdir -p /var/otel && chown node:node /var/otel
USER node
# OTLP gRPC/HTTP, Jaeger thrift HTTP and compact UDP, fluent forward (TCP + UDP heartbeat), Loki push,
# self-metrics, health_check, zpages, pprof, the prometheus exporter of the 2023-07 config.
EXPOSE 4317 4318 14268 6831/udp 8006 8006/udp 8007 8007/udp 3100 8888 13133 55679 1777 1234
ENTRYPOINT ["node", "/app/dist/cli.js"]
CMD ["--config=/app/config/default.yaml"]
