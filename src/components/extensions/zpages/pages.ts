// The zpages HTML, rendered from the service's read-only view: pure functions, no I/O.
// Layout follows core `extension/zpagesextension` and `service/internal/zpages/templates`
// (a header, key/value tables, links between the pages); the styling is our own.

import type { PipelineInfo, ServiceInfo } from '../../../core/component.js';
import { formatGoDuration, formatRFC3339Nano, nanosSince } from '../health_check/go-time.js';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

interface PageLink {
  path: string;
  title: string;
}

export function pageLinks(expvar: boolean): PageLink[] {
  const links = [
    { path: '/debug/servicez', title: 'Service' },
    { path: '/debug/pipelinez', title: 'Pipelines' },
    { path: '/debug/extensionz', title: 'Extensions' },
    { path: '/debug/featurez', title: 'Feature gates' },
    { path: '/debug/tracez', title: 'Traces' },
  ];
  if (expvar) links.push({ path: '/debug/expvarz', title: 'Expvar (JSON)' });
  return links;
}

const STYLE =
  'body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse;margin:0.5em 0 1.5em}' +
  'th,td{border:1px solid #bbb;padding:0.3em 0.7em;text-align:left;vertical-align:top}th{background:#eee}' +
  'nav a{margin-right:1em}';

function page(title: string, links: PageLink[], body: string): string {
  const nav = links.map((l) => `<a href="${escapeHtml(l.path)}">${escapeHtml(l.title)}</a>`).join('');
  return (
    `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>\n` +
    `<body><nav>${nav}</nav>\n<h1>${escapeHtml(title)}</h1>\n${body}\n</body></html>\n`
  );
}

function table(headers: string[], rows: string[][], empty: string): string {
  const head = `<tr>${headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`;
  const body =
    rows.length === 0
      ? `<tr><td colspan="${headers.length}">${escapeHtml(empty)}</td></tr>`
      : rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table>\n${head}\n${body}\n</table>`;
}

function keyValues(rows: Array<[string, string]>): string {
  return table(['Property', 'Value'], rows, '');
}

export function indexPage(service: ServiceInfo, links: PageLink[]): string {
  const list = links.map((l) => `<li><a href="${escapeHtml(l.path)}">${escapeHtml(l.title)}</a> <code>${escapeHtml(l.path)}</code></li>`);
  return page(`${service.build.command} zPages`, links, `<ul>\n${list.join('\n')}\n</ul>`);
}

export function servicezPage(service: ServiceInfo, links: PageLink[]): string {
  const build = keyValues([
    ['Command', service.build.command],
    ['Description', service.build.description],
    ['Version', service.build.version],
  ]);
  const runtime = keyValues([
    ['Status', service.status],
    ['StartTimestamp', formatRFC3339Nano(service.startedAt)],
    ['Uptime', formatGoDuration(nanosSince(service.startedAt))],
    ['PipelinesReadySince', service.upSince ? formatRFC3339Nano(service.upSince) : 'not ready'],
    ['Runtime', `Node.js ${process.version}`],
    ['Platform', `${process.platform}/${process.arch}`],
    ['PID', String(process.pid)],
  ]);
  return page('Service', links, `<h2>Build Info</h2>\n${build}\n<h2>Runtime Info</h2>\n${runtime}`);
}

function pipelineRow(p: PipelineInfo): string[] {
  const signal = p.id.split('/')[0]!;
  return [p.id, signal, p.mutatesData ? 'true' : 'false', p.receivers.join(', '), p.processors.join(', '), p.exporters.join(', ')];
}

export function pipelinezPage(service: ServiceInfo, links: PageLink[]): string {
  const rows = service.pipelines().map(pipelineRow);
  const body = table(['FullName', 'InputType', 'MutatesData', 'Receivers', 'Processors', 'Exporters'], rows, 'No pipelines are running.');
  return page('Pipelines', links, body);
}

export function extensionzPage(service: ServiceInfo, links: PageLink[]): string {
  const rows = service.extensions().map((id) => [id, id.split('/')[0]!]);
  return page('Extensions', links, table(['FullName', 'Type'], rows, 'No extensions are running.'));
}

export function featurezPage(links: PageLink[]): string {
  return page('Feature Gates', links, table(['ID', 'Enabled', 'Stage', 'Description'], [], 'This collector has no feature gates.'));
}

export function tracezPage(links: PageLink[]): string {
  const body =
    '<p>No internal tracer is configured: this collector does not trace its own operations, ' +
    'so there are no span samples or latency buckets to show.</p>\n' +
    '<p>Pipeline throughput and errors are in the self-metrics (<code>otelcol_receiver_*</code>, ' +
    '<code>otelcol_exporter_*</code>) on the telemetry metrics endpoint.</p>';
  return page('Trace Spans', links, body);
}

/** /debug/expvarz: the Node analogue of Go's expvar JSON (`cmdline` and runtime memory stats). */
export function expvarJson(): string {
  return JSON.stringify(
    {
      cmdline: process.argv,
      memstats: process.memoryUsage(),
      resourceUsage: process.resourceUsage(),
      versions: process.versions,
    },
    null,
    2,
  );
}
