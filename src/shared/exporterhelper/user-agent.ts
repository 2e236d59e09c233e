// The User-Agent every exporter sends (core `exporter/otlpexporter/otlp.go` and
// `otlphttpexporter/otlp.go` build it the same way from the collector's BuildInfo).

import type { Host } from '../../core/component.js';

/** Go's exporter user agent: `<description>/<version> (<os>/<arch>)`. */
export function exporterUserAgent(host: Host): string {
  const b = host.service.build;
  return `${b.description}/${b.version} (${process.platform}/${process.arch})`;
}
