// `npm run lint`: eslint and prettier --check side by side (each is single-threaded and takes
// ~20-30 s of CPU on this tree when its cache is cold, so on two cores running both at once halves
// the wall time). Both cache under node_modules/.cache, so a second run only reads changed files.
// `npm run format` rewrites what prettier --check refuses.
import { spawn } from 'node:child_process';

const FILES = ['src/**/*.{ts,mjs}', 'scripts/**/*.mjs', 'eslint.config.js'];
const bin = (name) => new URL(`../node_modules/.bin/${name}`, import.meta.url).pathname;

const run = (name, args) =>
  new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(bin(name), args, { stdio: 'inherit' });
    child.on('error', (err) => {
      console.error(`${name}: ${err.message}`);
      resolve(1);
    });
    child.on('close', (code) => {
      console.error(`${name}: ${code === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      resolve(code ?? 1);
    });
  });

const codes = await Promise.all([
  run('eslint', ['--cache', '--cache-location', 'node_modules/.cache/eslint/', 'src', 'scripts', 'eslint.config.js']),
  run('prettier', ['--check', '--cache', '--log-level', 'warn', ...FILES]),
]);
process.exit(codes.some((c) => c !== 0) ? 1 : 0);
