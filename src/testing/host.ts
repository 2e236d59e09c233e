// The one Host stub for tests: extensions by ID and a service view whose fields a test may override
// (health_check and zpages read status, upSince, pipelines, build).

import type { Extension, Host, ServiceInfo } from '../core/component.js';

export function testService(over: Partial<ServiceInfo> = {}, extensionIds: string[] = []): ServiceInfo {
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

/** A Host serving `extensions` by ID; `service` overrides parts of the default running service. */
export function testHost(extensions: Record<string, Extension> = {}, service: Partial<ServiceInfo> | ServiceInfo = {}): Host {
  return {
    getExtension: (id) => extensions[id],
    service: testService(service, Object.keys(extensions)),
  };
}
