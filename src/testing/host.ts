// The one Host stub for tests: extensions by ID and a view of the running service (health_check
// and zpages read status, upSince, pipelines, build).

import type { Extension, Host, ServiceInfo } from '../core/component.js';

/** A running service with no pipelines; `over` replaces fields (a plain object, not a class instance). */
function testService(over: Partial<ServiceInfo> = {}, extensionIds: string[] = []): ServiceInfo {
  const now = new Date();
  return {
    status: 'running',
    upSince: now,
    startedAt: now,
    pipelines: () => [],
    extensions: () => extensionIds,
    build: { command: 'test', description: 'test', version: '0' },
    redactedConfig: () => ({}),
    ...over,
  };
}

/** A Host serving `extensions` by ID, over `service` (used as given, so a test can change it live). */
export function testHost(extensions: Record<string, Extension> = {}, service: ServiceInfo = testService({}, Object.keys(extensions))): Host {
  return { getExtension: (id) => extensions[id], service };
}
