// A minimal keep-alive HTTP/1.1 client over raw sockets for the load generator: the request
// (headers + body) is built once and written as one buffer, and the response is parsed only as
// far as the status line, Content-Length or chunked framing. node:http's client costs several
// times more per request, enough to make the generator, not the server, the bottleneck
// (autocannon, used by node-limits.md §2, works the same way).

import net from 'node:net';

export interface HttpResponseHead {
  status: number;
  /** Header block size incl. the blank line; -1 while incomplete. */
  headerBytes: number;
  contentLength: number | undefined;
  chunked: boolean;
  close: boolean;
}

/** Parses a response head at the start of `buf`; headerBytes = -1 when it is incomplete. */
export function parseResponseHead(buf: Buffer): HttpResponseHead {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return { status: 0, headerBytes: -1, contentLength: undefined, chunked: false, close: false };
  const lines = buf.toString('latin1', 0, end).split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '');
  if (!m) throw new Error(`bad status line: ${lines[0]}`);
  let contentLength: number | undefined;
  let chunked = false;
  let close = false;
  for (const line of lines.slice(1)) {
    const i = line.indexOf(':');
    const name = line.slice(0, i).trim().toLowerCase();
    const value = line
      .slice(i + 1)
      .trim()
      .toLowerCase();
    if (name === 'content-length') contentLength = Number(value);
    else if (name === 'transfer-encoding') chunked = value.includes('chunked');
    else if (name === 'connection') close = value === 'close';
  }
  return { status: Number(m[1]), headerBytes: end + 4, contentLength, chunked, close };
}

/** Bytes of a complete chunked body starting at `from`, or -1 when more data is needed. */
export function chunkedBodyLength(buf: Buffer, from: number): number {
  let p = from;
  for (;;) {
    const eol = buf.indexOf('\r\n', p);
    if (eol < 0) return -1;
    const size = parseInt(buf.toString('latin1', p, eol).split(';')[0]!, 16);
    if (!Number.isFinite(size)) throw new Error('bad chunk size');
    p = eol + 2;
    if (size === 0) {
      // No trailers are expected from an OTLP server: the last chunk ends with one CRLF.
      const fin = buf.indexOf('\r\n', p);
      if (fin < 0) return -1;
      return fin + 2 - from;
    }
    if (buf.length < p + size + 2) return -1;
    p += size + 2;
  }
}

class Connection {
  private socket: net.Socket | undefined;
  private acc: Buffer = Buffer.alloc(0);
  private waiter: ((r: true | string) => void) | undefined;
  private status = 0;
  /** The socket the pending request went out on: a late close of an older socket must not fail it. */
  private waitSocket: net.Socket | undefined;

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  private open(): net.Socket {
    const s = net.connect({ host: this.host, port: this.port, noDelay: true });
    s.on('data', (d: Buffer) => this.onData(d));
    const fail = (why: string): void => {
      if (this.socket === s) this.socket = undefined;
      if (this.waitSocket === s) this.finish(why);
    };
    s.on('error', (e) => fail(e.message));
    s.on('close', () => fail('connection closed'));
    this.socket = s;
    this.acc = Buffer.alloc(0);
    return s;
  }

  private finish(result: true | string): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.(result);
  }

  private onData(d: Buffer): void {
    this.acc = this.acc.length === 0 ? d : Buffer.concat([this.acc, d]);
    let head: HttpResponseHead;
    try {
      head = parseResponseHead(this.acc);
    } catch (e) {
      this.socket?.destroy();
      return this.finish((e as Error).message);
    }
    if (head.headerBytes < 0) return;
    let bodyLen: number;
    if (head.chunked) bodyLen = chunkedBodyLength(this.acc, head.headerBytes);
    else bodyLen = head.contentLength ?? 0;
    if (bodyLen < 0 || this.acc.length < head.headerBytes + bodyLen) return;
    this.status = head.status;
    this.acc = Buffer.alloc(0);
    if (head.close) {
      this.socket?.destroy();
      this.socket = undefined;
    }
    // 2xx: OTLP answers 200, the Jaeger collector endpoint 202.
    this.finish(this.status >= 200 && this.status < 300 ? true : `HTTP ${this.status}`);
  }

  send(request: Buffer): Promise<true | string> {
    return new Promise((resolve) => {
      this.waiter = resolve;
      const s = this.socket ?? this.open();
      this.waitSocket = s;
      s.write(request);
    });
  }

  close(): void {
    this.socket?.destroy();
  }
}

/** A pool of keep-alive connections, each carrying one request at a time. */
export class Http1Pool {
  private readonly idle: Connection[] = [];
  private readonly all: Connection[] = [];
  private readonly queue: ((c: Connection) => void)[] = [];

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly size: number,
  ) {}

  private acquire(): Promise<Connection> | Connection {
    const c = this.idle.pop();
    if (c) return c;
    if (this.all.length < this.size) {
      const n = new Connection(this.host, this.port);
      this.all.push(n);
      return n;
    }
    return new Promise((r) => this.queue.push(r));
  }

  private release(c: Connection): void {
    const next = this.queue.shift();
    if (next) next(c);
    else this.idle.push(c);
  }

  async send(request: Buffer): Promise<true | string> {
    const c = await this.acquire();
    try {
      return await c.send(request);
    } finally {
      this.release(c);
    }
  }

  close(): void {
    for (const c of this.all) c.close();
  }
}

export function buildPost(host: string, port: number, path: string, contentType: string, body: Buffer): Buffer {
  const head = `POST ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nContent-Type: ${contentType}\r\nContent-Length: ${body.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}
