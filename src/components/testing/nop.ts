// Moved to src/testing/nop-components.ts; kept for tests other helpers are editing. Lead: remove.
export * from '../../testing/nop-components.js';
