#!/usr/bin/env node
// Entry point: `node dist/cli.js --config=...` (the image's ENTRYPOINT).
import { main } from './cli/main.js';
import { registryFor } from './components/registry.js';

registryFor(process.env)
  .then((registry) => main(process.argv.slice(2), registry))
  .then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`Error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
