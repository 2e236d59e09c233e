// gRPC client endpoints as the Go collector reads them (core `config/configgrpc/configgrpc.go`
// sanitizedEndpoint / grpcDialTarget / Validate): `host:port`; an `http://` or `https://`
// prefix, which is stripped (`https://` also turns TLS on when `tls.insecure` would turn it off);
// a resolver URI such as `dns:///host:port` (scheme and authority stripped); `unix:///path`.

export type GrpcTarget =
  | { kind: 'tcp'; host: string; port: number; /** `host:port` as written, the default :authority. */ hostPort: string; forceTls: boolean }
  | { kind: 'unix'; path: string; hostPort: string; forceTls: boolean };

class AddrError extends Error {
  constructor(addr: string, why: string) {
    // Go's net.AddrError.Error().
    super(addr === '' ? why : `address ${addr}: ${why}`);
    this.name = 'AddrError';
  }
}

/** Go's net.SplitHostPort, with its error texts. */
function splitHostPort(hostport: string): { host: string; port: string } {
  const missingPort = 'missing port in address';
  const tooManyColons = 'too many colons in address';
  const i = hostport.lastIndexOf(':');
  if (i < 0) throw new AddrError(hostport, missingPort);
  let host: string;
  let j = 0;
  let k = 0;
  if (hostport[0] === '[') {
    const end = hostport.indexOf(']');
    if (end < 0) throw new AddrError(hostport, "missing ']' in address");
    if (end + 1 === hostport.length) throw new AddrError(hostport, missingPort);
    if (end + 1 !== i) throw new AddrError(hostport, hostport[end + 1] === ':' ? tooManyColons : missingPort);
    host = hostport.slice(1, end);
    j = 1;
    k = end + 1;
  } else {
    host = hostport.slice(0, i);
    if (host.includes(':')) throw new AddrError(hostport, tooManyColons);
  }
  if (hostport.slice(j).includes('[')) throw new AddrError(hostport, "unexpected '[' in address");
  if (hostport.slice(k).includes(']')) throw new AddrError(hostport, "unexpected ']' in address");
  return { host, port: hostport.slice(i + 1) };
}

/** The endpoint without scheme (and resolver authority): what Go validates as host:port. */
export function sanitizedEndpoint(endpoint: string): string {
  if (endpoint.startsWith('http://')) return endpoint.slice('http://'.length);
  if (endpoint.startsWith('https://')) return endpoint.slice('https://'.length);
  if (!endpoint.includes('://')) return endpoint;
  // Go: url.Parse, then the path without its leading slash (`dns://8.8.8.8/host:443` → `host:443`).
  const rest = endpoint.slice(endpoint.indexOf('://') + 3);
  const slash = rest.indexOf('/');
  return slash < 0 ? '' : rest.slice(slash + 1);
}

/** Go's ClientConfig.Validate problem for an endpoint, or undefined when it is usable (or empty). */
export function endpointProblem(endpoint: string): string | undefined {
  if (endpoint.startsWith('unix://')) {
    return endpoint.length === 'unix://'.length ? 'unix socket path cannot be empty' : undefined;
  }
  const ep = sanitizedEndpoint(endpoint);
  if (ep === '') return undefined;
  let port: string;
  try {
    port = splitHostPort(ep).port;
  } catch (err) {
    return (err as Error).message;
  }
  // Go checks strconv.Atoi only; an out-of-range port fails at dial time there, here at once.
  if (!/^[+-]?\d+$/.test(port)) return `invalid port "${port}"`;
  const n = Number(port);
  if (n < 0 || n > 65535) return `invalid port "${port}"`;
  return undefined;
}

/** The dial target of a valid endpoint (run endpointProblem first). */
export function parseTarget(endpoint: string): GrpcTarget {
  const forceTls = endpoint.startsWith('https://');
  if (endpoint.startsWith('unix://')) {
    // unix:///abs/path and unix://rel/path (grpc naming doc); :authority is "localhost" as in grpc-go.
    return { kind: 'unix', path: endpoint.slice('unix://'.length), hostPort: 'localhost', forceTls };
  }
  const hostPort = sanitizedEndpoint(endpoint);
  const problem = endpointProblem(endpoint);
  if (problem || hostPort === '') throw new Error(problem ?? 'requires a non-empty "endpoint"');
  const { host, port } = splitHostPort(hostPort);
  // Go dials an empty host (":4317") as the local system.
  return { kind: 'tcp', host: host === '' ? 'localhost' : host, port: Number(port), hostPort, forceTls };
}
