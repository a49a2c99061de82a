/**
 * `npm start`: builds dist/ if it is missing or older than the sources (scripts/build.js), then runs
 * the compiled service in this same process. `npm run dev` runs the TypeScript sources with ts-node.
 */
'use strict';
const path = require('node:path');
const { ensureBuilt, DIST } = require('./build');

try {
  ensureBuilt();
} catch (error) {
  process.stderr.write(`build failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
require(path.join(DIST, 'src', 'main.js'));
