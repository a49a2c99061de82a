/**
 * Preloaded (`node -r`) into a compiled server that a benchmark starts, never into production. It
 * answers the bench over IPC: the server's own CPU time, memory and the number of SQL statements
 * its database drivers ran (counted at sqlite3's and pg's entry points), starts and stops a
 * V8 CPU profile (written as a .cpuprofile file for the top-functions table), reports V8's heap
 * statistics per space with the process's external and array-buffer memory, and writes a heap
 * snapshot (.heapsnapshot, which also runs a full GC first) for comparing retained sizes, and starts
 * and stops V8's sampling heap profiler (.heapprofile; `promoted` keeps only objects that survived
 * the young generation, the ones that fill the old space whether they live on or die there).
 */
/* global require, process */
/* eslint-disable @typescript-eslint/no-require-imports */
'use strict';
const inspector = require('node:inspector');
const { writeFileSync } = require('node:fs');
const v8 = require('node:v8');

const counts = { statements: 0, commits: 0 };
// Garbage-collection pauses on the main thread (ms and count by kind), from perf_hooks.
const { PerformanceObserver, constants: perf } = require('node:perf_hooks');
const gc = { minorMs: 0, minor: 0, majorMs: 0, major: 0, otherMs: 0 };
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const kind = e.detail ? e.detail.kind : e.kind;
    if (kind === perf.NODE_PERFORMANCE_GC_MINOR) {
      gc.minorMs += e.duration;
      gc.minor++;
    } else if (kind === perf.NODE_PERFORMANCE_GC_MAJOR) {
      gc.majorMs += e.duration;
      gc.major++;
    } else gc.otherMs += e.duration;
  }
}).observe({ entryTypes: ['gc'] });
/** Statements sent in one text (a simple query or exec: START TRANSACTION with a lock, held INSERTs with COMMIT) count one each. */
function count(sql) {
  const parts = typeof sql === 'string' ? sql.split(/;\s+(?=(?:START TRANSACTION|SELECT|INSERT INTO|COMMIT)\b)/) : [sql];
  for (const part of parts) {
    counts.statements++;
    if (typeof part === 'string' && /^\s*(COMMIT|END)\b/i.test(part)) counts.commits++;
  }
}

// BENCH_SQL_TRACE=1: each statement with its start (ms) and how long until its callback ran, sent on probe:trace.
const trace = process.env.BENCH_SQL_TRACE === '1' ? [] : null;
const { performance } = require('node:perf_hooks');

const connections = new WeakMap();
let connectionCount = 0;
/** Which connection (in the order they first ran a statement) a statement went to. */
function connectionNumber(connection) {
  if (!connections.has(connection)) connections.set(connection, ++connectionCount);
  return connections.get(connection);
}

/** Counts (and traces) one statement; `connection` names where it ran, `args` end with its callback if any. */
function observe(text, connection, args) {
  count(text);
  if (!trace) return;
  const t0 = performance.now();
  const line = (ms) => `${t0.toFixed(2)} ${ms} c${connectionNumber(connection)} ${String(text).replace(/\s+/g, ' ').slice(0, 140)}`;
  const last = args.length - 1;
  if (typeof args[last] !== 'function') return void trace.push(line('?'));
  const done = args[last];
  args[last] = function (...answer) {
    trace.push(line(`+${(performance.now() - t0).toFixed(2)}`));
    return done.apply(this, answer);
  };
}

function patch(proto, names) {
  for (const name of names) {
    const original = proto[name];
    if (typeof original !== 'function') continue;
    proto[name] = function (sql, ...rest) {
      observe(typeof sql === 'string' ? sql : sql && sql.text, this, rest);
      return original.call(this, sql, ...rest);
    };
  }
}

/**
 * sqlite3: every statement runs through a Statement, whether given as SQL text to a Database method
 * (which makes one, runs it and finalizes it) or kept prepared by the service (statement-cache.ts),
 * so executions are counted on Statement. Its connection: the one whose method made it, or the
 * one it was prepared on.
 */
function patchSqlite(sqlite3) {
  const Original = sqlite3.Statement;
  const preparedOn = new WeakMap();
  let calling = null;
  function Statement(db, sql, callback) {
    const statement = new Original(db, sql, callback);
    preparedOn.set(statement, db);
    return statement;
  }
  Statement.prototype = Original.prototype;
  Object.setPrototypeOf(Statement, Original);
  sqlite3.Statement = Statement;
  for (const name of ['run', 'all', 'get', 'each']) {
    const onStatement = Original.prototype[name];
    Original.prototype[name] = function (...args) {
      observe(this.sql, preparedOn.get(this) || calling, args);
      return onStatement.apply(this, args);
    };
    const onDatabase = sqlite3.Database.prototype[name];
    sqlite3.Database.prototype[name] = function (...args) {
      // eslint-disable-next-line @typescript-eslint/no-this-alias -- read synchronously by the Statement it makes
      calling = this;
      try {
        return onDatabase.apply(this, args);
      } finally {
        calling = null;
      }
    };
  }
  patch(sqlite3.Database.prototype, ['exec']);
}
try {
  patchSqlite(require('sqlite3'));
} catch {
  /* driver not installed */
}
try {
  patch(require('pg').Client.prototype, ['query']);
} catch {
  /* driver not installed */
}

let session = null;
function connect() {
  if (session) return;
  session = new inspector.Session();
  session.connect();
}
function post(method, params) {
  return new Promise((resolve, reject) => session.post(method, params || {}, (e, r) => (e ? reject(e) : resolve(r))));
}

process.on('message', async (m) => {
  if (!m || typeof m.type !== 'string' || !m.type.startsWith('probe:')) return;
  try {
    if (m.type === 'probe:trace') {
      writeFileSync(m.file, (trace || []).join('\n') + '\n');
      if (trace) trace.length = 0;
      process.send({ type: 'probe:trace', id: m.id });
    } else if (m.type === 'probe:stats') {
      const cpu = process.cpuUsage();
      const mem = process.memoryUsage();
      process.send({ type: 'probe:stats', id: m.id, cpuUs: cpu.user + cpu.system, rss: mem.rss, heapUsed: mem.heapUsed, ...counts });
    } else if (m.type === 'probe:heap') {
      const mem = process.memoryUsage();
      const spaces = {};
      for (const s of v8.getHeapSpaceStatistics()) spaces[s.space_name] = { size: s.space_size, used: s.space_used_size };
      process.send({ type: 'probe:heap', id: m.id, memory: mem, heap: v8.getHeapStatistics(), spaces, gc: { ...gc } });
    } else if (m.type === 'probe:heap-snapshot') {
      v8.writeHeapSnapshot(m.file);
      process.send({ type: 'probe:heap-snapshot', id: m.id });
    } else if (m.type === 'probe:allocations-start') {
      connect();
      await post('HeapProfiler.enable');
      const flags = m.promoted
        ? { includeObjectsCollectedByMajorGC: true }
        : { includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true };
      await post('HeapProfiler.startSampling', { samplingInterval: 16384, ...flags });
      process.send({ type: 'probe:allocations-start', id: m.id });
    } else if (m.type === 'probe:allocations-stop') {
      const { profile } = await post('HeapProfiler.stopSampling');
      writeFileSync(m.file, JSON.stringify(profile));
      process.send({ type: 'probe:allocations-stop', id: m.id });
    } else if (m.type === 'probe:profile-start') {
      if (!session) {
        connect();
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
