// The inputs the fixture recorder (record.mjs) sends to the Go collector. Fluent events are
// written with small constructors so every msgpack type is explicit (float64 vs int, bin,
// EventTime); OTLP requests are OTLP/JSON bodies for POST /v1/logs.

export const f64 = (v) => ({ $f64: v });
export const bin = (bytes) => ({ $bin: Buffer.from(bytes) });
export const u64 = (v) => ({ $u64: BigInt(v) });
export const i64 = (v) => ({ $i64: BigInt(v) });
export const eventTime = (s, ns) => ({ $eventTime: [s, ns] });

const CID1 = 'ce13c9c828f4a8f1c0b7e0a1f83d6d2b9a7f52e4d1c0b9a8f7e6d5c4b3a29180';
const CID2 = '5a1b2c3d4e5f60718293a4b5c6d7e8f9091a2b3c4d5e6f708192a3b4c5d6e7f8';

/** dockerd's fluentd log driver: Message mode [tag, int seconds, record, {}], tag = short id (seed-setup.md §2.5). */
const docker = (cid, name, source, log, t, extra = {}) => ({
  mode: 'message4',
  tag: cid.slice(0, 12),
  time: t,
  record: { container_id: cid, container_name: name, source, log, ...extra },
});

export const fluentDocker = [
  docker(
    CID1,
    '/prometheus',
    'stderr',
    'ts=2023-06-15T10:00:00.000Z caller=main.go:1175 level=info msg="Server is ready to receive web requests."',
    1686823200,
  ),
  docker(CID1, '/prometheus', 'stdout', '<script>alert("x&y")</script> — ünïcödé 😀 \u2028 tab\there \\ back', 1686823201),
  docker(CID2, '/otel-collector', 'stderr', '2023-06-15T10:00:02.123Z\tinfo\tservice/service.go:161\tEverything is ready.', 1686823202),
  docker(CID2, '/otel-collector', 'stdout', 'ctrl \u0001\u0008\u000c\u001f\u007f end', 1686823202),
  docker(CID1, '/prometheus', 'stdout', 'A'.repeat(40) + ' first part of a split line', 1686823203, {
    partial_message: 'true',
    partial_id: 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2',
    partial_ordinal: '1',
    partial_last: 'false',
  }),
  docker(CID1, '/prometheus', 'stdout', ' and its second part', 1686823203, {
    partial_message: 'true',
    partial_id: 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2',
    partial_ordinal: '2',
    partial_last: 'true',
  }),
  docker(CID2, 'no-slash-name', 'stdout', '', 1686823204),
  docker(CID2, '/otel-collector', 'stdout', 'typed fields', 1686823205, {
    int: 42,
    neg: -7,
    big: u64('18446744073709551615'),
    f: f64(3.25),
    fint: f64(2),
    fbig: f64(1e21),
    fsmall: f64(1e-7),
    negzero: f64(-0),
    flag: true,
    nothing: null,
    nested: { b: { c: 'deep', 'z<>': 1 }, a: [1, 'x', false, null, f64(0.5)] },
    raw: bin([0x00, 0xff, 0x41]),
    ключ: 'значение',
    '\ue000': 'private use',
    '😀': 'emoji key',
  }),
  {
    mode: 'message4',
    tag: CID2.slice(0, 12),
    time: 1686823206,
    record: { container_id: CID2, container_name: '/otel-collector', source: 'stdout', message: 'message key instead of log' },
  },
];

const journal = (unit, message, extra = {}) => ({
  _TRANSPORT: 'stdout',
  PRIORITY: '6',
  SYSLOG_FACILITY: '3',
  SYSLOG_IDENTIFIER: unit.replace(/\.service$/, ''),
  _PID: '1234',
  _UID: '0',
  _GID: '0',
  _COMM: unit.replace(/\.service$/, ''),
  _EXE: `/nix/store/abc-${unit}/bin/run`,
  _CMDLINE: `/nix/store/abc-${unit}/bin/run --flag`,
  _CAP_EFFECTIVE: '1ffffffffff',
  _SELINUX_CONTEXT: 'kernel',
  _SYSTEMD_CGROUP: `/system.slice/${unit}`,
  _SYSTEMD_UNIT: unit,
  _SYSTEMD_SLICE: 'system.slice',
  _BOOT_ID: '9f8e7d6c5b4a39281706f5e4d3c2b1a0',
  _MACHINE_ID: '0123456789abcdef0123456789abcdef',
  _HOSTNAME: 'pve',
  _STREAM_ID: 'd41d8cd98f00b204e9800998ecf8427e',
  MESSAGE: message,
  ...extra,
});

/** fluent-bit 2.0 out_forward: Forward mode [tag, [[EventTime, record], …]] (seed-setup.md §2.6). */
export const fluentSystemd = [
  {
    mode: 'forward',
    tag: 'journal.docker-events.service',
    entries: [
      [
        eventTime(1686823210, 123456789),
        journal(
          'docker-events.service',
          '{"status":"start","id":"ce13c9c828f4","from":"prom/prometheus:latest","Type":"container","Action":"start","Actor":{"ID":"ce13c9c828f4","Attributes":{"image":"prom/prometheus:latest","name":"prometheus"}},"scope":"local","time":1686823210,"timeNano":1686823210123456789}',
        ),
      ],
      [
        eventTime(1686823211, 5),
        journal('docker-events.service', '{"Type":"container","Action":"die","Actor":{"Attributes":{"exitCode":"0","name":"otel-collector"}}} <&>'),
      ],
    ],
  },
  {
    mode: 'forward',
    tag: 'journal.sshd.service',
    entries: [
      [
        eventTime(1686823212, 0),
        journal('sshd.service', 'Accepted publickey for root from 192.168.3.10 port 51234 ssh2: ED25519 SHA256:abc', { PRIORITY: '5' }),
      ],
      [eventTime(1686823213, 999999999), journal('sshd.service', 'pam_unix(sshd:session): session opened for user root(uid=0) by (uid=0)')],
    ],
  },
  {
    mode: 'message4',
    tag: 'journal.kernel',
    time: eventTime(1686823214, 42),
    record: { MESSAGE: 'kernel: eth0: link up — 1000 Mbps', PRIORITY: '4', _TRANSPORT: 'kernel', SYSLOG_FACILITY: '0' },
  },
];

/** Fluent events on a pipeline without the attributes processor: the receiver's mapping as is. */
export const fluentPlain = [
  { mode: 'message3', tag: 'app.plain', time: 1686823220, record: { log: 'three-element message', level: 'warn' } },
  { mode: 'message4', tag: 'app.plain', time: eventTime(1686823221, 500), record: { message: 'message body', k: 'v' } },
  {
    mode: 'forward',
    tag: 'app.forward',
    entries: [
      [1686823222, { log: 'forward one', n: 1 }],
      [eventTime(1686823223, 7), { log: 'forward two', f: f64(1.5) }],
    ],
  },
  { mode: 'message4', tag: 'app.types', time: 1686823224, record: { log: { nested: 'map body', n: 1 }, arr: ['a', 1] } },
  { mode: 'message4', tag: 'app.types', time: 1686823225, record: { log: 12345, other: 'int body' } },
];

// ---- OTLP/JSON requests ----

const s = (v) => ({ stringValue: v });
const i = (v) => ({ intValue: String(v) });
const d = (v) => ({ doubleValue: v });
const b = (v) => ({ boolValue: v });
const kv = (key, value) => ({ key, value });
const kvl = (obj) => ({ kvlistValue: { values: Object.entries(obj).map(([k, v]) => kv(k, v)) } });
const arr = (...values) => ({ arrayValue: { values } });
const bytes = (buf) => ({ bytesValue: Buffer.from(buf).toString('base64') });

const T0 = 1686823300000000000n;
const ts = (n) => String(T0 + BigInt(n) * 1000000n);

const service = [
  kv('service.name', s('checkout')),
  kv('service.namespace', s('shop')),
  kv('service.instance.id', s('pod-7f9c')),
  kv('host.name', s('pve')),
];

export const otlpRequests = [
  // 1: service labels, severity → level, scope, ids, flags, every value type in attributes
  {
    resourceLogs: [
      {
        resource: { attributes: service },
        scopeLogs: [
          {
            scope: { name: 'io.opentelemetry.checkout', version: '1.2.3', attributes: [kv('scope.attr', s('x'))] },
            logRecords: [
              {
                timeUnixNano: ts(1),
                observedTimeUnixNano: ts(2),
                severityNumber: 9,
                severityText: 'Info',
                body: s('order <42> placed & paid'),
                traceId: '5b8efff798038103d269b633813fc60c',
                spanId: 'eee19b7ec3c1b174',
                flags: 1,
                attributes: [
                  kv('str', s('plain')),
                  kv('int', i(-9007199254740992)),
                  kv('dbl', d(3.5)),
                  kv('dbl.big', d(1e21)),
                  kv('dbl.small', d(1e-7)),
                  kv('dbl.int', d(100)),
                  kv('bool', b(false)),
                  kv('bytes', bytes([0, 1, 2, 250])),
                  kv('arr', arr(s('a'), i(1), d(0.25), b(true), {}, kvl({ z: s('1'), a: s('2') }))),
                  kv('map', kvl({ b: s('B'), a: kvl({ y: i(2), x: s('<x>') }), '\ue000': s('pua'), '😀': s('emoji') })),
                  kv('empty', {}),
                  kv('esc', s('quote" backslash\\ nl\n cr\r tab\t bell\u0007 bs\b ff\f nul\u0000 del\u007f ls\u2028 ps\u2029 nbsp\u00a0')),
                ],
              },
              { timeUnixNano: ts(3), severityNumber: 13, severityText: 'WARN', body: s('second, same stream as level WARN') },
              { timeUnixNano: ts(4), severityNumber: 9, body: s('info again') },
              { timeUnixNano: ts(5), severityNumber: 17, body: kvl({ msg: s('map body'), code: i(500), nested: kvl({ k: s('v') }) }) },
              { timeUnixNano: ts(6), severityNumber: 0, body: arr(s('array'), i(1), b(true)) },
              { timeUnixNano: ts(7), severityNumber: 25, body: s('severity out of range') },
              { timeUnixNano: ts(8), severityNumber: 9, body: s('own level attribute'), attributes: [kv('level', s('custom'))] },
              { timeUnixNano: ts(9), body: bytes([0x68, 0x69]) },
              { timeUnixNano: ts(10), body: d(2.5) },
              { timeUnixNano: ts(11), body: s('') },
              { observedTimeUnixNano: ts(12), body: s('only observed time') },
            ],
          },
        ],
      },
    ],
  },
  // 2: label hints: attribute and resource hints, nested lookup, trimming, slice hints, odd names and values
  {
    resourceLogs: [
      {
        resource: {
          attributes: [
            kv('service.name', s('api')),
            kv('k8s.pod.name', s('api-0')),
            kv('cloud', kvl({ region: s('eu-west-0') })),
            kv('loki.resource.labels', s('k8s.pod.name, cloud.region')),
          ],
        },
        scopeLogs: [
          {
            scope: {},
            logRecords: [
              {
                timeUnixNano: ts(20),
                body: s('hinted'),
                attributes: [
                  kv('http.method', s('GET')),
                  kv('user.id', i(77)),
                  kv('keep', s('stays in line')),
                  kv('loki.attribute.labels', s(' http.method ,user.id,missing, ')),
                ],
              },
              {
                timeUnixNano: ts(21),
                severityNumber: 5,
                body: s('slice hint'),
                attributes: [
                  kv('1st', s('leading digit')),
                  kv('_under', s('leading underscore')),
                  kv('__dunder', s('double underscore')),
                  kv('ünï-cødé', s('unicode name')),
                  kv('q', s('value "quoted" \\ nl\n tab\t nbsp\u00a0 zwsp\u200b')),
                  kv('num', d(0.1)),
                  kv('loki.attribute.labels', arr(s('1st'), s('_under'), s('__dunder'), s('ünï-cødé'), s('q'), s('num'))),
                ],
              },
              {
                timeUnixNano: ts(22),
                body: s('record-level resource hint and an int hint'),
                attributes: [kv('loki.resource.labels', s('service.name')), kv('loki.attribute.labels', i(5)), kv('5', s('five'))],
              },
              {
                timeUnixNano: ts(23),
                severityNumber: 21,
                body: s('hint of another type keeps level in the line'),
                attributes: [kv('loki.attribute.labels', b(true))],
              },
              {
                timeUnixNano: ts(24),
                body: s('nested attribute lookup'),
                attributes: [kv('req', kvl({ headers: kvl({ host: s('example.org') }) })), kv('loki.attribute.labels', s('req.headers.host'))],
              },
              {
                timeUnixNano: ts(25),
                body: s('map and array values as labels'),
                attributes: [kv('m', kvl({ b: s('<'), a: i(1) })), kv('l', arr(s('x'), d(1.5))), kv('loki.attribute.labels', s('m,l'))],
              },
              {
                timeUnixNano: ts(26),
                body: s('label named like a default label is removed from the line'),
                attributes: [kv('exporter', s('mine')), kv('job', s('also mine'))],
              },
            ],
          },
        ],
      },
    ],
  },
  // 3: formats: logfmt and raw, on the record and on the resource
  {
    resourceLogs: [
      {
        resource: { attributes: [kv('service.name', s('fmt'))] },
        scopeLogs: [
          {
            scope: { name: 'fmt-scope', version: 'v9', attributes: [kv('sa', s('scope value'))] },
            logRecords: [
              {
                timeUnixNano: ts(30),
                severityText: 'info',
                body: s('key=value other="quoted value" bare'),
                traceId: '0102030405060708090a0b0c0d0e0f10',
                spanId: '0102030405060708',
                flags: 1,
                attributes: [
                  kv('loki.format', s('logfmt')),
                  kv('a', s('x y')),
                  kv('n', i(3)),
                  kv('nul', s('null')),
                  kv('eq', s('a=b')),
                  kv('uni', s('ünï')),
                  kv('ctl', s('c\u0001d')),
                ],
              },
              { timeUnixNano: ts(31), body: s('plain text words here'), attributes: [kv('loki.format', s('logfmt'))] },
              { timeUnixNano: ts(32), body: s('a==b broken'), attributes: [kv('loki.format', s('logfmt'))] },
              { timeUnixNano: ts(33), body: s('first=line\nsecond=line'), attributes: [kv('loki.format', s('logfmt'))] },
              {
                timeUnixNano: ts(34),
                body: s('esc="a\\"b\\\\c\\n\\u00e9\\ud83d\\ude00" after=1 null=null'),
                attributes: [kv('loki.format', s('logfmt'))],
              },
              {
                timeUnixNano: ts(35),
                body: kvl({ severity: s('overridden'), msg: s('map body'), nested: kvl({ x: i(1), y: kvl({ z: b(true) }) }), skip: {} }),
                severityText: 'error',
                attributes: [kv('loki.format', s('logfmt'))],
              },
              {
                timeUnixNano: ts(36),
                body: arr(s('a b'), i(2), kvl({ k: s('v') })),
                attributes: [
                  kv('loki.format', s('logfmt')),
                  kv('m', kvl({ p: d(1e6), q: d(123456), r: d(0.00001), s: d(1e21), t: d(-0), u: d(0.0001) })),
                  kv('bb', bytes([0x61, 0x20, 0x62])),
                  kv('arr', arr(s('x'), arr(s('y')))),
                ],
              },
              { timeUnixNano: ts(37), body: d(1234567), attributes: [kv('loki.format', s('logfmt'))] },
              { timeUnixNano: ts(38), body: b(true), attributes: [kv('loki.format', s('logfmt'))] },
              { timeUnixNano: ts(39), body: s(''), attributes: [kv('loki.format', s('logfmt')), kv('only', s('attrs'))] },
              { timeUnixNano: ts(40), body: s('raw line <kept> as is'), attributes: [kv('loki.format', s('raw')), kv('dropped', s('from raw'))] },
              { timeUnixNano: ts(41), body: kvl({ b: s('<&>'), a: i(1) }), attributes: [kv('loki.format', s('raw'))] },
              { timeUnixNano: ts(42), body: d(0.000001), attributes: [kv('loki.format', s('raw'))] },
              { timeUnixNano: ts(43), body: s('unknown format is dropped'), attributes: [kv('loki.format', s('xml'))] },
              { timeUnixNano: ts(44), body: s('tab\tkey=v'), attributes: [kv('loki.format', s('logfmt')), kv('sp ace', s('k'))] },
            ],
          },
        ],
      },
      {
        resource: { attributes: [kv('service.name', s('fmt-res')), kv('loki.format', s('logfmt'))] },
        scopeLogs: [
          { scope: {}, logRecords: [{ timeUnixNano: ts(45), body: s('resource decides k=v'), attributes: [kv('loki.format', s('raw'))] }] },
        ],
      },
    ],
  },
  // 4: tenants: a resource hint naming a resource attribute, a record hint, and no tenant
  {
    resourceLogs: [
      {
        resource: { attributes: [kv('service.name', s('multi')), kv('tenant.id', s('acme')), kv('loki.tenant', s('tenant.id'))] },
        scopeLogs: [
          {
            scope: {},
            logRecords: [
              { timeUnixNano: ts(50), body: s('for acme') },
              { timeUnixNano: ts(51), body: s('also acme'), attributes: [kv('tenant.id', s('ignored'))] },
            ],
          },
        ],
      },
      {
        resource: { attributes: [kv('service.name', s('multi'))] },
        scopeLogs: [
          {
            scope: {},
            logRecords: [
              { timeUnixNano: ts(52), body: s('record hint'), attributes: [kv('loki.tenant', s('org')), kv('org', s('globex'))] },
              { timeUnixNano: ts(53), body: s('no tenant') },
              { timeUnixNano: ts(54), body: s('hint naming a missing attribute'), attributes: [kv('loki.tenant', s('nope'))] },
            ],
          },
        ],
      },
    ],
  },
];

/** A double Go's encoding/json refuses: that record is dropped, its neighbour is sent. */
export const otlpNaNRequest = {
  resourceLogs: [
    {
      resource: { attributes: [kv('service.name', s('nan'))] },
      scopeLogs: [
        {
          scope: {},
          logRecords: [
            { timeUnixNano: ts(60), body: s('NaN attribute: dropped'), attributes: [kv('bad', d('NaN'))] },
            {
              timeUnixNano: ts(61),
              body: s('Infinity in logfmt is fine'),
              attributes: [kv('loki.format', s('logfmt')), kv('inf', d('Infinity')), kv('nan', d('NaN'))],
            },
            { timeUnixNano: ts(62), body: s('neighbour is sent') },
          ],
        },
      ],
    },
  ],
};
