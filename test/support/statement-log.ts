import { Database } from '../../src/database/database';

/**
 * Appends every SQL statement the service sends to `sink`, on the writer and on SQLite's reader
 * connection alike (see Database), in the order they are logged.
 */
export function logStatements(db: Database, sink: string[]): void {
  for (const source of new Set([db.dataSource, db.reader])) {
    const logger = source.logger;
    const original = logger.logQuery.bind(logger);
    logger.logQuery = (query, parameters, runner) => (sink.push(query), original(query, parameters, runner));
  }
}
