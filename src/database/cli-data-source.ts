import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source.factory';

/** For the TypeORM CLI: the same factory as the app. IMR_NO_MIGRATIONS=1 compares entities with an empty schema. */
const config = loadConfig(process.env);
export default new DataSource(dataSourceOptions(config.database, process.env.IMR_NO_MIGRATIONS === '1' ? { migrations: [] } : {}));
