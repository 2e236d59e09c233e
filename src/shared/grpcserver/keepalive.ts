// configgrpc `keepalive`, applied per HTTP/2 session with the semantics and defaults of grpc-go's
// keepalive.ServerParameters / EnforcementPolicy (grpc-go `internal/transport/http2_server.go`):
// idle and age limits end a connection with GOAWAY (in-flight calls finish, then after the age
// grace it is cut); an idle connection is pinged every `time` and dropped when no ack comes within
// `timeout`; a client pinging more often than `min_time` (or with no call open, unless
// `permit_without_stream`) gets GOAWAY ENHANCE_YOUR_CALM "too_many_pings" after 2 strikes.

import http2, { type ServerHttp2Session } from 'node:http2';

export interface KeepaliveServerParameters {
  max_connection_idle: number;
  max_connection_age: number;
  max_connection_age_grace: number;
  time: number;
  timeout: number;
}

export interface KeepaliveEnforcementPolicy {
  min_time: number;
  permit_without_stream: boolean;
}

// grpc-go defaults (keepalive/keepalive.go, internal/transport/defaults.go).
const DEFAULT_KEEPALIVE_TIME_MS = 2 * 3_600_000;
const DEFAULT_KEEPALIVE_TIMEOUT_MS = 20_000;
const DEFAULT_MIN_PING_INTERVAL_MS = 5 * 60_000;
const PING_WITHOUT_STREAM_INTERVAL_MS = 2 * 3_600_000;
const MAX_PING_STRIKES = 2;

export interface KeepaliveSettings {
  params: KeepaliveServerParameters;
  policy: KeepaliveEnforcementPolicy;
}

/** Go's values with 0 meaning "the grpc-go default" (infinity for the idle and age limits). */
export function keepaliveSettings(
  params: Partial<KeepaliveServerParameters> | undefined,
  policy: Partial<KeepaliveEnforcementPolicy> | undefined,
): KeepaliveSettings {
  return {
    params: {
      max_connection_idle: params?.max_connection_idle ?? 0,
      max_connection_age: params?.max_connection_age ?? 0,
      max_connection_age_grace: params?.max_connection_age_grace ?? 0,
      time: params?.time || DEFAULT_KEEPALIVE_TIME_MS,
      timeout: params?.timeout || DEFAULT_KEEPALIVE_TIMEOUT_MS,
    },
    policy: {
      min_time: policy?.min_time || DEFAULT_MIN_PING_INTERVAL_MS,
      permit_without_stream: policy?.permit_without_stream ?? false,
    },
  };
}

/** Watches one session; call streamStarted/streamEnded around each call, and dispose() at close. */
export class SessionKeepalive {
  private readonly timers: NodeJS.Timeout[] = [];
  private activeStreams = 0;
  private lastActivity = Date.now();
  private idleSince = Date.now();
  private lastPingAt = 0;
  private pingStrikes = 0;
  private resetStrikes = false;
  private maxStreamId = 0;

  constructor(
    private readonly session: ServerHttp2Session,
    private readonly cfg: KeepaliveSettings,
  ) {
    const p = cfg.params;
    if (p.max_connection_idle > 0) this.every(Math.max(p.max_connection_idle / 2, 10), () => this.checkIdle());
    if (p.max_connection_age > 0) this.after(p.max_connection_age, () => this.ageOut());
    this.every(p.time, () => this.checkAlive());
    session.on('ping', () => this.onClientPing());
  }

  streamStarted(streamId: number): void {
    this.activeStreams++;
    if (streamId > this.maxStreamId) this.maxStreamId = streamId;
    this.lastActivity = Date.now();
  }

  streamEnded(): void {
    this.activeStreams--;
    this.lastActivity = Date.now();
    if (this.activeStreams === 0) this.idleSince = Date.now();
  }

  /** grpc-go forgives earlier strikes once the server has sent headers or data. */
  responded(): void {
    this.resetStrikes = true;
  }

  dispose(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.length = 0;
  }

  private every(ms: number, fn: () => void): void {
    const t = setInterval(fn, ms);
    t.unref();
    this.timers.push(t);
  }

  private after(ms: number, fn: () => void): void {
    const t = setTimeout(fn, ms);
    t.unref();
    this.timers.push(t);
  }

  private checkIdle(): void {
    if (this.activeStreams === 0 && Date.now() - this.idleSince >= this.cfg.params.max_connection_idle) {
      this.goaway();
    }
  }

  private ageOut(): void {
    this.goaway();
    const grace = this.cfg.params.max_connection_age_grace;
    if (grace > 0) this.after(grace, () => this.session.destroy());
  }

  private checkAlive(): void {
    if (this.session.destroyed || this.session.closed) return;
    if (Date.now() - this.lastActivity < this.cfg.params.time) return;
    const timer = setTimeout(() => this.session.destroy(), this.cfg.params.timeout);
    timer.unref();
    const sent = this.session.ping((err) => {
      clearTimeout(timer);
      if (!err) this.lastActivity = Date.now();
    });
    if (!sent) clearTimeout(timer);
  }

  private onClientPing(): void {
    const now = Date.now();
    const last = this.lastPingAt;
    this.lastPingAt = now;
    if (this.resetStrikes) {
      this.resetStrikes = false;
      this.pingStrikes = 0;
      return;
    }
    const interval = this.activeStreams < 1 && !this.cfg.policy.permit_without_stream ? PING_WITHOUT_STREAM_INTERVAL_MS : this.cfg.policy.min_time;
    if (last > 0 && now - last < interval) this.pingStrikes++;
    if (this.pingStrikes > MAX_PING_STRIKES && !this.session.destroyed) {
      // The debug data matters: grpc clients double their keepalive time when they read it.
      this.session.goaway(http2.constants.NGHTTP2_ENHANCE_YOUR_CALM, this.maxStreamId, Buffer.from('too_many_pings'));
      setImmediate(() => this.session.destroy());
    }
  }

  private goaway(): void {
    if (!this.session.closed && !this.session.destroyed) this.session.close();
  }
}
