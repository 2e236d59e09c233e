// Lint for `npm test` (npm run lint): eslint's and typescript-eslint's recommended sets, without
// type information. The type-aware presets run the whole program through the checker a second
// time (tsc already runs first in `npm test`, with strict, noUnusedLocals and
// noUncheckedIndexedAccess). A rule is switched off or narrowed below only where it fights a
// deliberate style of this codebase; each says why.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

// Node's globals for the plain .mjs scripts (test runner, fixture recorders); the `globals`
// package is not a dependency and these scripts use only this handful.
const nodeGlobals = Object.fromEntries(
  ['process', 'console', 'Buffer', 'URL', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'fetch'].map((g) => [
    g,
    'readonly',
  ]),
);

export default defineConfig(
  { ignores: ['dist/**', 'dist-bench/**', 'node_modules/**'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: nodeGlobals },
  },
  {
    rules: {
      // `_`-prefixed parameters and bindings are the codebase's "deliberately unused" mark
      // (interface-shaped callbacks, a field dropped by a rest destructure).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Errors are rethrown with Go's exact message text, which already embeds the cause's
      // message; an attached `cause` would be appended a second time by pino's err serializer,
      // changing log lines users match on.
      'preserve-caught-error': 'off',
      // Wire formats are about control bytes: the Go JSON escaper and the bench output parser
      // match \x00-\x1f ranges on purpose.
      'no-control-regex': 'off',
      // `const self = this` feeds getters of a returned object literal, where `this` is the literal.
      '@typescript-eslint/no-this-alias': ['error', { allowedNames: ['self'] }],
    },
  },
  {
    // Byte-level decoders and encoders write each header branch as one comma sequence of
    // assignments (`((this.pos += 1), (n = b & 0x0f))`), keeping the tag tables one line per tag.
    files: ['src/shared/codec/**/*.ts'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
  {
    // Tests reach into decoded JSON and call constructors picked from tables; `any` there is the
    // honest type, and the assertions check the shape.
    files: ['**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
