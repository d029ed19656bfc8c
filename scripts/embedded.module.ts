import { Module } from '@nestjs/common';
import { ApiModule } from '../apps/api/src/api.module';
import { WorkerModule } from '../apps/worker/src/worker.module';

/** api and worker in one process: the whole platform on one machine (`npm start`). */
@Module({ imports: [ApiModule, WorkerModule] })
export class EmbeddedModule {}
