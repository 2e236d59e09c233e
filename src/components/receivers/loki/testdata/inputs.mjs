// What promtail sends for the seed's journal scrape (seed-setup.md §1.8: static labels tool, job,
// host; `unit` relabelled from __journal__systemd_unit), one request per stream list. `labels` is
// the source of truth; `text` is the label string as promtail writes it on the wire (Prometheus'
// labels.String(): sorted, Go-quoted), typed by hand so our parser is checked against it.
// Timestamps are nanoseconds; the Go receiver ignores them (use_incoming_timestamp: false).

const base = { host: 'pve', job: 'systemd-journal', tool: 'promtail' };
const T = 1733140800000000000n;

export const requests = [
  [
    {
      labels: { ...base, unit: 'sshd.service' },
      text: '{host="pve", job="systemd-journal", tool="promtail", unit="sshd.service"}',
      entries: [
        [T, 'Accepted publickey for root from 192.168.3.7 port 50022 ssh2: ED25519 SHA256:Zm9vYmFy'],
        [T + 1000n, 'pam_unix(sshd:session): session opened for user root(uid=0) by (uid=0)'],
      ],
    },
    {
      labels: { ...base, unit: 'docker.service' },
      text: '{host="pve", job="systemd-journal", tool="promtail", unit="docker.service"}',
      entries: [
        [
          T + 2000n,
          'time="2024-12-02T12:00:00.123456789Z" level=info msg="ignoring event" container=3f2a module=libcontainerd namespace=moby topic=/tasks/delete type="*events.TaskDelete"',
        ],
        [
          T + 3000n,
          '{"status":"start","id":"ce13c9c828f4","from":"prom/prometheus","Type":"container","Action":"start","Actor":{"ID":"ce13c9c828f4","Attributes":{"name":"prometheus"}}}',
        ],
      ],
    },
  ],
  [
    {
      labels: { ...base, unit: 'cron.service' },
      text: '{host="pve", job="systemd-journal", tool="promtail", unit="cron.service"}',
      entries: [[T + 4000n, '(root) CMD (   test -x /usr/sbin/anacron || ( cd / && run-parts --report /etc/cron.daily ))']],
    },
    {
      // Escapes and odd characters in label values and lines; a promtail-internal label that
      // must not become an attribute.
      labels: { ...base, unit: 'weird "unit"\\name.service', __journal_priority: '6' },
      text: '{__journal_priority="6", host="pve", job="systemd-journal", tool="promtail", unit="weird \\"unit\\"\\\\name.service"}',
      entries: [
        [T + 5000n, 'ünïcödé 😀 <tag attr="v">&amp;</tag>\ttab\\back'],
        [T + 6000n, ''],
      ],
    },
  ],
];

/** The log records Go's receiver builds from one request (contrib pkg/translator/loki/loki_to_otlp.go). */
export function goReceiverRecords(streams, nowNs) {
  const records = [];
  for (const s of streams) {
    const attributes = Object.entries(s.labels)
      .filter(([k]) => !k.startsWith('__'))
      .map(([key, value]) => ({ key, value: { stringValue: value } }));
    for (const [, line] of s.entries) {
      records.push({ timeUnixNano: String(nowNs), observedTimeUnixNano: String(nowNs), body: { stringValue: line }, attributes });
    }
  }
  return { resourceLogs: [{ resource: {}, scopeLogs: [{ scope: {}, logRecords: records }] }] };
}
