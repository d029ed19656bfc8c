import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { LIVENESS_LOCK_CLASS, PROCESS_KEY } from '@tongxin/database';
import { DataSource, QueryRunner } from 'typeorm';

/** How often the lock's connection is checked (and taken again if PostgreSQL dropped it). */
const CHECK_MS = 5_000;

/**
 * While this worker lives it holds a session advisory lock on its process key, on a connection of its own: the mail it
 * claims is stamped with that key, and when the process dies its connection closes and the lock goes with it, which is
 * how the reconciler (reclaimOrphaned) knows at once that those claims will never be finished.
 */
@Injectable()
export class WorkerLiveness implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('WorkerLiveness');
  private runner?: QueryRunner;
  private timer?: NodeJS.Timeout;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.hold().catch((error: Error) => this.logger.warn(`liveness lock not taken yet: ${error.message}`));
    this.timer = setInterval(() => void this.check(), CHECK_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.runner?.release().catch(() => undefined);
  }

  /** Takes the lock on a connection reserved for it (a new one when the last was lost). */
  private async hold(): Promise<void> {
    await this.runner?.release().catch(() => undefined);
    this.runner = this.dataSource.createQueryRunner();
    await this.runner.connect();
    await this.runner.query('SELECT pg_advisory_lock($1, $2)', [LIVENESS_LOCK_CLASS, PROCESS_KEY]);
  }

  private async check(): Promise<void> {
    try {
      await this.runner!.query('SELECT 1');
    } catch {
      // The connection is gone (PostgreSQL restarted, the network dropped): until the lock is back, this worker's
      // claims look orphaned and may be taken back (and some messages sent twice); take it again.
      await this.hold().catch((error: Error) => this.logger.warn(`liveness lock lost: ${error.message}`));
    }
  }
}
