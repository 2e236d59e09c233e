// OTLP/gRPC load generator over raw node:http2 with hand framing (node-limits.md §3: about 1.3x
// lighter than a grpc-js client, so the generator does not cap the server):
// `node dist-bench/bench/load/grpc.js --target=127.0.0.1:4317 [--rate=R | --inflight=N] --connections=C`.

import http2 from 'node:http2';
import { CONNECTION_WINDOW, frameMessage, STREAM_WINDOW, TRACE_EXPORT_PATH } from '../grpc-frame.js';
import { loadMain } from './driver.js';

class Session {
  private session: http2.ClientHttp2Session | undefined;

  constructor(private readonly authority: string) {}

  get(): http2.ClientHttp2Session {
    if (this.session && !this.session.closed && !this.session.destroyed) return this.session;
    // maxSessionMemory (MB): Node's 10 MB default refuses new streams locally (ENHANCE_YOUR_CALM)
    // once ~130 requests of 77 KB are buffered on one connection.
    const s = http2.connect(this.authority, { settings: { initialWindowSize: STREAM_WINDOW, enablePush: false }, maxSessionMemory: 1024 });
    s.on('connect', () => s.setLocalWindowSize(CONNECTION_WINDOW));
    s.on('error', () => undefined);
    s.on('close', () => {
      if (this.session === s) this.session = undefined;
    });
    this.session = s;
    return s;
  }

  close(): void {
    this.session?.destroy();
  }
}

function call(session: http2.ClientHttp2Session, body: Buffer): Promise<true | string> {
  return new Promise((resolve) => {
    let status: string | undefined;
    let message = '';
    const req = session.request({ ':method': 'POST', ':path': TRACE_EXPORT_PATH, 'content-type': 'application/grpc', te: 'trailers' });
    const take = (h: http2.IncomingHttpHeaders): void => {
      const st = h['grpc-status'];
      if (st !== undefined) status = String(st);
      const msg = h['grpc-message'];
      if (msg !== undefined) {
        // grpc-message is percent-encoded; a malformed one is still worth showing as sent.
        try {
          message = decodeURIComponent(String(msg));
        } catch {
          message = String(msg);
        }
      }
    };
    req.on('response', (h) => {
      const code = Number(h[':status']);
      if (code !== 200) status ??= `http ${code}`;
      take(h);
    });
    req.on('trailers', take);
    req.on('data', () => undefined);
    req.on('error', (e: Error) => {
      status ??= e.message;
    });
    req.on('close', () => {
      if (status === '0') resolve(true);
      else resolve(status === undefined ? 'stream closed without grpc-status' : `grpc-status ${status}${message ? `: ${message}` : ''}`);
    });
    req.end(body);
  });
}

loadMain(async (args, payload) => {
  const framed = frameMessage(payload);
  const sessions = Array.from({ length: args.connections }, () => new Session(`http://${args.host}:${args.port}`));
  return {
    send: (slot) => call(sessions[slot % sessions.length]!.get(), framed),
    close: () => sessions.forEach((s) => s.close()),
  };
});
