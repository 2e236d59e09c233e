// Go-style `host:port` endpoints (confignet): the same parsing for every listener the collector
// opens, with Go's error text for a bad address.

export interface Endpoint {
  /** undefined: every interface (Go's `:port`). */
  host: string | undefined;
  port: number;
}

/** Parses `host:port`, `:port` or `[v6]:port`, with Go's error text for a bad address. */
export function parseEndpoint(endpoint: string): Endpoint {
  const text = endpoint.trim();
  const bad = (why: string) => new Error(`address ${text}: ${why}`);
  let host: string;
  let portText: string;
  if (text.startsWith('[')) {
    const end = text.indexOf(']');
    if (end < 0) throw bad("missing ']' in address");
    host = text.slice(1, end);
    if (text[end + 1] !== ':') throw bad('missing port in address');
    portText = text.slice(end + 2);
  } else {
    const colon = text.lastIndexOf(':');
    if (colon < 0) throw bad('missing port in address');
    host = text.slice(0, colon);
    if (host.includes(':')) throw bad('too many colons in address');
    portText = text.slice(colon + 1);
  }
  if (!/^\d+$/.test(portText) || Number(portText) > 65535) throw bad(`invalid port "${portText}"`);
  // Go listens on one address for a host name and prefers IPv4 (net/ipsock.go), so `localhost`
  // means 127.0.0.1 there; Node would pick ::1 on some systems.
  if (host === 'localhost') host = '127.0.0.1';
  return { host: host === '' ? undefined : host, port: Number(portText) };
}

/** `host:port` as Go prints a listener address; `[v6]:port` for IPv6 hosts. */
export function formatHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
