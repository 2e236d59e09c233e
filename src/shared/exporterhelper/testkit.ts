// Moved to src/testing/ (the one test kit); kept for tests other helpers are editing. Lead: remove.
export { RecordingMetrics } from '../../testing/metrics.js';
export { captureLogger, type LogLine } from '../../testing/logger.js';
export { deferred, waitFor } from '../../testing/wait.js';
