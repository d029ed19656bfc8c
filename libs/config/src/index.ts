export * from './env.schema';
export * from './config.module';
export { ConfigService } from '@nestjs/config';
