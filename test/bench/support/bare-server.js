/**
 * The bare baseline: a plain node:http server, in its own process, that answers each path with the
 * bytes and headers the real service sent for it (recorded by the bench into the JSON file named
 * on the command line), and 304 with the same headers when If-None-Match carries the ETag.
 */
/* global require, process, Buffer */
/* eslint-disable @typescript-eslint/no-require-imports */
'use strict';
const { createServer } = require('node:http');
const { readFileSync } = require('node:fs');

const recorded = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const routes = new Map(Object.entries(recorded).map(([path, r]) => [path, { ...r, body: Buffer.from(r.body, 'base64') }]));

const server = createServer((req, res) => {
  const r = routes.get(req.url);
  if (!r) {
    res.writeHead(404, { 'content-length': 0 });
    return res.end();
  }
  if (r.headers.etag && req.headers['if-none-match'] === r.headers.etag) {
    const { 'content-length': _, ...rest } = r.headers;
    res.writeHead(304, rest);
    return res.end();
  }
  res.writeHead(r.status, { ...r.headers, 'content-length': r.body.length });
  res.end(r.body);
});
server.listen(0, '127.0.0.1', () => process.send({ type: 'listening', port: server.address().port }));
process.on('message', (m) => m && m.type === 'stop' && server.close(() => process.exit(0)));
