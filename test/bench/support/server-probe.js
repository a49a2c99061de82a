/**
 * Preloaded (`node -r`) into a compiled server that a benchmark starts, never into production. It
 * answers the bench over IPC: the server's own CPU time, memory and the number of SQL statements
 * its database drivers ran (counted at sqlite3's and pg's entry points), and starts and stops a
 * V8 CPU profile (written as a .cpuprofile file for the top-functions table).
 */
/* global require, process */
/* eslint-disable @typescript-eslint/no-require-imports */
'use strict';
const inspector = require('node:inspector');
const { writeFileSync } = require('node:fs');

const counts = { statements: 0, commits: 0 };
function count(sql) {
  counts.statements++;
  if (typeof sql === 'string' && /^\s*(COMMIT|END)\b/i.test(sql)) counts.commits++;
}

function patch(proto, names) {
  for (const name of names) {
    const original = proto[name];
    if (typeof original !== 'function') continue;
    proto[name] = function (sql, ...rest) {
      count(typeof sql === 'string' ? sql : sql && sql.text);
      return original.call(this, sql, ...rest);
    };
  }
}
try {
  patch(require('sqlite3').Database.prototype, ['run', 'all', 'get', 'exec', 'each']);
} catch {
  /* driver not installed */
}
try {
  patch(require('pg').Client.prototype, ['query']);
} catch {
  /* driver not installed */
}

let session = null;
function post(method, params) {
  return new Promise((resolve, reject) => session.post(method, params || {}, (e, r) => (e ? reject(e) : resolve(r))));
}

process.on('message', async (m) => {
  if (!m || typeof m.type !== 'string' || !m.type.startsWith('probe:')) return;
  try {
    if (m.type === 'probe:stats') {
      const cpu = process.cpuUsage();
      const mem = process.memoryUsage();
      process.send({ type: 'probe:stats', id: m.id, cpuUs: cpu.user + cpu.system, rss: mem.rss, heapUsed: mem.heapUsed, ...counts });
    } else if (m.type === 'probe:profile-start') {
      if (!session) {
        session = new inspector.Session();
        session.connect();
        await post('Profiler.enable');
        await post('Profiler.setSamplingInterval', { interval: 200 });
      }
      await post('Profiler.start');
      process.send({ type: 'probe:profile-start', id: m.id });
    } else if (m.type === 'probe:profile-stop') {
      const { profile } = await post('Profiler.stop');
      writeFileSync(m.file, JSON.stringify(profile));
      process.send({ type: 'probe:profile-stop', id: m.id });
    }
  } catch (error) {
    process.send({ type: m.type, id: m.id, error: String(error) });
  }
});
// The IPC channel must not keep a stopped server alive.
if (process.channel) process.channel.unref();
