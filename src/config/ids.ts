// Component IDs `type[/name]` and pipeline IDs `signal[/name]`, with the Go collector's rules and
// messages (core `component/identifiable.go`, `pipeline/pipeline.go`,
// `pipeline/internal/globalsignal/signal.go`, `service/pipelines/config.go`).

import type { Signal } from '../core/payload.js';

const TYPE_RE = /^[a-zA-Z][0-9a-zA-Z_]{0,62}$/;
/** Go `^[^\pZ\pC\pS]+$`: no separators, control/format characters or symbols. */
const NAME_RE = /^[^\p{Z}\p{C}\p{S}]+$/u;
const MAX_NAME_BYTES = 1024;
const SEPARATOR = '/';

const PROFILES_FEATURE_GATE = 'service.profilesSupport';

type IdResult<T> = ({ ok: true } & T) | { ok: false; error: string };

interface ComponentId {
  /** Canonical `type[/name]` (surrounding spaces of each part trimmed, as Go does). */
  id: string;
  type: string;
  name: string;
}

interface PipelineId {
  id: string;
  signal: Signal | 'profiles';
  name: string;
}

function q(s: string): string {
  return JSON.stringify(s);
}

function checkName(name: string): string | undefined {
  const bytes = Buffer.byteLength(name, 'utf8');
  if (bytes > MAX_NAME_BYTES) return `name ${q(name)} is longer than 1024 characters (${bytes} characters)`;
  if (!NAME_RE.test(name)) return `invalid character(s) in name ${q(name)}`;
  return undefined;
}

/** Go's `strings.TrimSpace` also trims Unicode spaces; JS trim() covers the same set for IDs. */
function split(text: string): { head: string; name: string; hasName: boolean } | { error: string } {
  const at = text.indexOf(SEPARATOR);
  const hasName = at >= 0;
  const head = (hasName ? text.slice(0, at) : text).trim();
  const name = hasName ? text.slice(at + 1).trim() : '';
  if (head === '') {
    return { error: hasName ? `in ${q(text)} id: the part before ${SEPARATOR} should not be empty` : 'id must not be empty' };
  }
  if (hasName) {
    if (name === '') return { error: `in ${q(text)} id: the part after ${SEPARATOR} should not be empty` };
    const bad = checkName(name);
    // Go quotes the name here, not the whole ID.
    if (bad) return { error: `in ${q(name)} id: ${bad}` };
  }
  return { head, name, hasName };
}

export function parseComponentId(text: string): IdResult<ComponentId> {
  const parts = split(text);
  if ('error' in parts) return { ok: false, error: parts.error };
  if (!TYPE_RE.test(parts.head)) return { ok: false, error: `in ${q(text)} id: invalid character(s) in type ${q(parts.head)}` };
  const id = parts.name ? `${parts.head}${SEPARATOR}${parts.name}` : parts.head;
  return { ok: true, id, type: parts.head, name: parts.name };
}

const PIPELINE_SIGNALS = new Set(['traces', 'metrics', 'logs', 'profiles']);

/** Parses a pipeline ID; `profiles` parses (as in Go) and is rejected by service validation. */
export function parsePipelineId(text: string): IdResult<PipelineId> {
  const parts = split(text);
  if ('error' in parts) return { ok: false, error: parts.error };
  if (!PIPELINE_SIGNALS.has(parts.head)) return { ok: false, error: `in ${q(text)} id: unknown pipeline signal: ${q(parts.head)}` };
  const id = parts.name ? `${parts.head}${SEPARATOR}${parts.name}` : parts.head;
  return { ok: true, id, signal: parts.head as PipelineId['signal'], name: parts.name };
}

/** core `service/pipelines/config.go`, with the gate that stays off here (no profiles signal). */
export function profilesNotSupported(pipelineId: string): string {
  return `pipeline ${q(pipelineId)}: profiling signal support is at alpha level, gated under the ${q(PROFILES_FEATURE_GATE)} feature gate`;
}
