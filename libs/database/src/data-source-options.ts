import type { DataSourceOptions } from 'typeorm';
import { migrations } from '../../../migrations';
import { PROCESS_KEY } from './process-key';

/** The one description of how Tongxin talks to PostgreSQL: used by Nest, the migrator and the tests. */
export function dataSourceOptions(url: string, poolSize = 16): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    migrations,
    migrationsTableName: 'migrations',
    // Every connection knows which process it serves (process-key.ts): claims are stamped with it.
    extra: { max: poolSize, application_name: 'tongxin', options: `-c tongxin.process=${PROCESS_KEY}` },
  };
}
