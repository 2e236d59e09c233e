// The resource Go's prometheus receiver builds per target (receiver/prometheusreceiver/internal/
// prom_to_otlp.go CreateResource): service.name is the job as it is (the remote-write translator
// splits `ns/name`, the scraper does not), server.address only for a host other than loopback,
// unspecified or `localhost`, server.port and url.scheme always. Attributes from target_info stay.

import { isIP } from 'node:net';
import { KeyValue, Resource, type ResourceMetrics } from '../../../pdata/index.js';

/** Go's net.SplitHostPort, loosely: the last colon splits unless the host holds another unbracketed one. */
function splitHostPort(instance: string): { host: string; port: string } {
  if (instance.startsWith('[')) {
    const end = instance.indexOf(']');
    if (end > 0 && instance[end + 1] === ':') return { host: instance.slice(1, end), port: instance.slice(end + 2) };
    return { host: instance, port: '' };
  }
  const at = instance.lastIndexOf(':');
  if (at < 0 || instance.slice(0, at).includes(':')) return { host: instance, port: '' };
  return { host: instance.slice(0, at), port: instance.slice(at + 1) };
}

function isDiscernibleHost(host: string): boolean {
  if (isIP(host) !== 0) {
    if (host === '0.0.0.0' || host === '::' || host === '::1' || host.startsWith('127.')) return false;
    return true;
  }
  return host !== 'localhost';
}

const REPLACED = new Set(['service.name', 'service.namespace', 'service.instance.id']);

export function applyScrapeResource(rms: ResourceMetrics[], job: string, instance: string, scheme: string): void {
  const { host, port } = splitHostPort(instance);
  for (const rm of rms) {
    const attrs = rm.resource.attributes;
    const id = attrs.find((a) => a.key === 'service.instance.id')?.value;
    // Series whose job/instance honor_labels kept from the body describe another resource.
    if (id !== instance) continue;
    const r = new Resource();
    r.attributes.push(new KeyValue('service.name', job));
    if (isDiscernibleHost(host)) r.attributes.push(new KeyValue('server.address', host));
    r.attributes.push(new KeyValue('service.instance.id', instance), new KeyValue('server.port', port), new KeyValue('url.scheme', scheme));
    for (const a of attrs) if (!REPLACED.has(a.key)) r.attributes.push(a);
    rm.resource = r;
  }
}
