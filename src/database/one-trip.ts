import { QueryFailedError, type QueryRunner } from 'typeorm';

/**
 * Statements without parameters sent as one text, so one round trip (a PostgreSQL simple query,
 * SQLite's exec): each logged as TypeORM logs its own statements, a failure reported as TypeORM
 * reports one (QueryFailedError). `run` hands the text to the driver.
 */
export async function inOneTrip<T>(runner: QueryRunner, parts: readonly string[], run: (text: string) => Promise<T>): Promise<T> {
  const logger = runner.connection.logger;
  for (const part of parts) logger.logQuery(part, [], runner);
  const text = parts.join('; ');
  try {
    return await run(text);
  } catch (error) {
    logger.logQueryError(error as Error, text, [], runner);
    throw new QueryFailedError(text, [], error as Error);
  }
}
