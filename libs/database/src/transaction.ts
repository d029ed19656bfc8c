import type { DataSource, EntityManager } from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';

/** deadlock_detected and serialization_failure: PostgreSQL rolled the transaction back; running it again is safe. */
const RETRYABLE = new Set(['40P01', '40001']);

export interface TransactionOptions {
  isolation?: IsolationLevel;
  /** Runs in all, the first included (default 4). */
  attempts?: number;
}

type Work<T> = (db: EntityManager) => Promise<T>;

function sqlState(error: unknown): string | undefined {
  const e = error as { driverError?: { code?: unknown }; code?: unknown } | null;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Runs `work` in a transaction, and runs it again (a bounded number of times, after a short random pause) when
 * PostgreSQL aborts it as a deadlock victim or for a serialization failure, instead of answering 500. `work` must
 * only touch the database through `db` (what happens after commit, like queueing jobs, belongs to the caller), so
 * a retry repeats nothing but rolled-back statements.
 */
export function inTransaction<T>(dataSource: DataSource, work: Work<T>, options?: TransactionOptions): Promise<T>;
export function inTransaction<T>(
  dataSource: DataSource,
  isolation: IsolationLevel,
  work: Work<T>,
  options?: TransactionOptions,
): Promise<T>;
export async function inTransaction<T>(
  dataSource: DataSource,
  workOrIsolation: Work<T> | IsolationLevel,
  workOrOptions?: Work<T> | TransactionOptions,
  maybeOptions: TransactionOptions = {},
): Promise<T> {
  const [work, options] =
    typeof workOrIsolation === 'function'
      ? [workOrIsolation, (workOrOptions as TransactionOptions | undefined) ?? {}]
      : [workOrOptions as Work<T>, { ...maybeOptions, isolation: workOrIsolation }];
  const attempts = options.attempts ?? 4;
  for (let attempt = 1; ; attempt++) {
    try {
      return options.isolation
        ? await dataSource.transaction(options.isolation, work)
        : await dataSource.transaction(work);
    } catch (error) {
      const state = sqlState(error);
      if (attempt >= attempts || state === undefined || !RETRYABLE.has(state)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
    }
  }
}
