import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Asset {
  body: Buffer;
  type: string;
  etag: string;
  /** A short hash of the content, for cache-busting URLs. */
  version: string;
}

function asset(path: string, type: string): Asset {
  const body = readFileSync(path);
  const hash = createHash('sha256').update(body).digest('base64url');
  return { body, type, etag: `"${hash.slice(0, 27)}"`, version: hash.slice(0, 12) };
}

/** Served from this process: htmx from node_modules, the board's own script, stylesheet and icon. No CDN. */
const FILES: Record<string, () => Asset> = {
  'htmx.min.js': () => asset(require.resolve('htmx.org/dist/htmx.min.js'), 'text/javascript; charset=utf-8'),
  'board.js': () => asset(join(__dirname, 'assets', 'board.js'), 'text/javascript; charset=utf-8'),
  'favicon.svg': () => asset(join(__dirname, 'assets', 'favicon.svg'), 'image/svg+xml'),
  'board.css': () => asset(join(__dirname, 'assets', 'board.css'), 'text/css; charset=utf-8'),
};
const loaded = new Map<string, Asset>();

export function boardAsset(file: string): Asset | undefined {
  if (!Object.hasOwn(FILES, file)) return undefined;
  return loaded.get(file) ?? loaded.set(file, FILES[file]()).get(file);
}

export function assetUrl(base: string, file: string): string {
  return `${base}/board/assets/${file}?v=${boardAsset(file)!.version}`;
}
