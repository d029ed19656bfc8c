import type { DataSourceOptions } from 'typeorm';
import { migrations } from '../../../migrations';

/** The one description of how Tongxin talks to PostgreSQL: used by Nest, the migrator and the tests. */
export function dataSourceOptions(url: string, poolSize = 16): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    migrations,
    migrationsTableName: 'migrations',
    extra: { max: poolSize, application_name: 'tongxin' },
  };
}
