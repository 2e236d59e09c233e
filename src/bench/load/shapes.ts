// The span shapes our generators send (issue 13: one attribute-heavy shape favoured our
// pass-through). `heavy` is node-limits.md §1's request (21 attributes, ~770 B a span);
// `small` is telemetrygen's traces (a `lets-go` client span and its `okey-dokey-0` server child,
// two attributes each, ~100 B); `mixed` is a home lab's request: half telemetrygen-sized spans,
// 30 % Traefik-like HTTP spans (the attributes its OpenTelemetry tracing sets), 20 % heavy, each
// from its own service (its own resource).

import { buildBenchTraces } from '../../pdata/bench-payload.js';
import { InstrumentationScope, KeyValue, Resource } from '../../pdata/common.js';
import { idFromHex } from '../../pdata/ids.js';
import { ResourceSpans, ScopeSpans, Span, Status } from '../../pdata/trace-model.js';

export const SHAPES = ['heavy', 'small', 'mixed'] as const;
export type Shape = (typeof SHAPES)[number];

const BASE_NS = 1_732_500_000_000_000_000n;

function hexId(n: number, bytes: number): string {
  let s = '';
  let x = (n * 2654435761) >>> 0;
  for (let i = 0; i < bytes; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    s += (x >>> 24).toString(16).padStart(2, '0');
  }
  return idFromHex(s);
}

function resourceSpans(service: string, scopeName: string, spans: Span[], extra: KeyValue[] = []): ResourceSpans {
  const resource = new Resource();
  resource.attributes = [new KeyValue('service.name', service), ...extra];
  const scope = new InstrumentationScope();
  scope.name = scopeName;
  const ss = new ScopeSpans();
  ss.scope = scope;
  ss.spans = spans;
  const rs = new ResourceSpans();
  rs.resource = resource;
  rs.scopeSpans = [ss];
  return rs;
}

function span(i: number, name: string, kind: number, parent: boolean, attributes: KeyValue[]): Span {
  const s = new Span();
  s.traceId = hexId(i >> 1, 16);
  s.spanId = hexId(i + 7_000_003, 8);
  s.parentSpanId = parent ? hexId(i + 6_999_999, 8) : '';
  s.name = name;
  s.kind = kind;
  s.startTimeUnixNano = BASE_NS + BigInt(i) * 1_000_000n;
  s.endTimeUnixNano = BASE_NS + BigInt(i) * 1_000_000n + 123_456n;
  s.status = new Status();
  s.attributes = attributes;
  return s;
}

/** telemetrygen `traces`: pairs of a client root and a server child, two attributes each. */
function smallSpans(count: number, from = 0): Span[] {
  const out: Span[] = [];
  for (let i = from; i < from + count; i++) {
    const root = i % 2 === 0;
    out.push(
      span(i, root ? 'lets-go' : 'okey-dokey-0', root ? 3 : 2, !root, [
        new KeyValue('network.peer.address', '1.2.3.4'),
        new KeyValue('peer.service', root ? 'telemetrygen-server' : 'telemetrygen-client'),
      ]),
    );
  }
  return out;
}

/** Traefik's server spans for a routed request (entry point → router → service), as its OTel tracing tags them. */
function traefikSpans(count: number, from = 0): Span[] {
  const out: Span[] = [];
  for (let i = from; i < from + count; i++) {
    const path = `/api/items/${i % 500}`;
    out.push(
      span(i, i % 3 === 0 ? 'EntryPoint websecure' : i % 3 === 1 ? 'Router' : 'Service', i % 3 === 0 ? 2 : 1, i % 3 !== 0, [
        new KeyValue('http.request.method', 'GET'),
        new KeyValue('url.path', path),
        new KeyValue('url.scheme', 'https'),
        new KeyValue('server.address', 'grafana.home.lan'),
        new KeyValue('network.peer.address', `192.168.1.${i & 255}`),
        new KeyValue('user_agent.original', 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0'),
        new KeyValue('http.response.status_code', i % 20 === 0 ? 502n : 200n),
        new KeyValue('traefik.router.name', 'grafana@docker'),
      ]),
    );
  }
  return out;
}

export function buildShape(shape: Shape, spans: number): ResourceSpans[] {
  switch (shape) {
    case 'heavy':
      return buildBenchTraces(spans);
    case 'small':
      return [resourceSpans('telemetrygen', 'telemetrygen', smallSpans(spans))];
    case 'mixed': {
      const small = Math.round(spans * 0.5);
      const traefik = Math.round(spans * 0.3);
      const heavy = Math.max(0, spans - small - traefik);
      const out = [
        resourceSpans('telemetrygen', 'telemetrygen', smallSpans(small)),
        resourceSpans('traefik', 'github.com/traefik/traefik', traefikSpans(traefik, small), [new KeyValue('service.version', '3.1.2')]),
      ];
      if (heavy > 0) out.push(...buildBenchTraces(heavy));
      return out;
    }
  }
}

export function isShape(v: string): v is Shape {
  return (SHAPES as readonly string[]).includes(v);
}
