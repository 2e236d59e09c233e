// Moved to src/testing/ (the one test kit); kept for tests other helpers are editing. Lead: remove.
export { silentLogger } from '../../testing/logger.js';
export { testHost } from '../../testing/host.js';
export { makeTestCert, type TestCert } from '../../testing/certs.js';
export { rawRequest, type RawResponse } from '../../testing/http.js';
