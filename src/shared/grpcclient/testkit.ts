// Moved to src/testing/ (ports.ts, grpc-server.ts, grpc-client.ts); kept for tests other helpers are editing. Lead: remove.
export { freePort } from '../../testing/ports.js';
