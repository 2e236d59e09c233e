// Moved to src/testing/certs.ts; kept for tests other helpers are editing. Lead: remove.
export { hasOpenssl, makeTestCerts, type TestCerts } from '../../testing/certs.js';
