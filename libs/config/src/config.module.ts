import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { validateEnv } from './env.schema';

/**
 * Provides @nestjs/config's ConfigService<Env, true> over the validated environment. Validation runs when the
 * application is created (not when this file is imported), so a launcher may fill in variables first.
 */
@Global()
@Module({
  providers: [
    {
      provide: ConfigService,
      // get() answers from this validated, typed object before it would look at process.env.
      useFactory: () => new ConfigService(validateEnv(process.env) as unknown as Record<string, unknown>),
    },
  ],
  exports: [ConfigService],
})
export class ConfigModule {}
