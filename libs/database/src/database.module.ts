import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Env } from '@tongxin/config';
import { dataSourceOptions } from './data-source-options';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<Env, true>) => ({
        ...dataSourceOptions(
          config.get('DATABASE_URL', { infer: true }),
          config.get('DATABASE_POOL_SIZE', { infer: true }),
        ),
      }),
    }),
  ],
})
export class DatabaseModule {}
