// Moved to src/testing/ (the one test kit); kept for tests other helpers are editing. Lead: remove.
export { RecordingConsumer } from '../../../testing/sink.js';
export { startReceiver, type RunningReceiver } from '../../../testing/otlp-receiver.js';
