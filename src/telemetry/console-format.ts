// `encoding: console`: zap's console layout (zapcore/console_encoder.go), tab-separated
// `time  level  message  {fields}`, with the fields as one JSON object using zap's `": "` and
// `", "` separators. Applied to pino's finished JSON line, so it costs one JSON.parse per line,
// which sampled collector logs can afford.

const HEAD_KEYS = new Set(['ts', 'level', 'msg']);

export function formatConsoleLine(jsonLine: string): string {
  let rec: Record<string, unknown>;
  try {
    rec = JSON.parse(jsonLine) as Record<string, unknown>;
  } catch {
    return jsonLine;
  }
  let line = `${String(rec.ts ?? '')}\t${String(rec.level ?? '')}\t${String(rec.msg ?? '')}`;
  const fields: string[] = [];
  for (const [k, v] of Object.entries(rec)) {
    if (!HEAD_KEYS.has(k)) fields.push(`${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  }
  if (fields.length) line += `\t{${fields.join(', ')}}`;
  return line + '\n';
}
