// One collector over N processes (`--workers`): see README.md in this folder.

export { Leader } from './leader.js';
export { runWorker, workerSlot } from './worker.js';
