import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
  validateSync,
} from 'class-validator';

const toBoolean = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? ['1', 'true', 'yes', 'on'].includes(value.toLowerCase()) : value;

/**
 * Every environment variable the platform reads, validated once at boot.
 * Nothing else in the code reads process.env.
 */
export class Env {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /**
   * Base of the links put in emails and responses (manage links), as attendees reach the api. Absent: the address
   * this process listens on (HOST and PORT, with localhost for a wildcard HOST), which is right only where the api
   * and the worker share one process or one PORT (npm start, development). Required with NODE_ENV=production,
   * where attendees come through a domain and a worker does not listen at all: its own PORT would make every
   * link in its mail point at nothing.
   */
  @ValidateIf((env: Env) => env.NODE_ENV === 'production' || env.PUBLIC_URL !== undefined)
  @IsDefined({ message: 'PUBLIC_URL is required with NODE_ENV=production (the base of every link in the mail)' })
  @Matches(/^https?:\/\/[^\s/]+(\/[^\s]*)?[^/\s]$/, {
    message: 'PUBLIC_URL must be an http(s) URL without a trailing slash',
  })
  PUBLIC_URL: string;

  /** postgres://user:password@host:port/database. Absent only in the embedded mode, which fills it in. */
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL: string;

  /** redis://host:port/db. Absent: BullMQ keeps its queues in PostgreSQL. */
  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  /** Namespace of the queues in Redis (key prefix) or PostgreSQL (schema). */
  @Matches(/^[a-z][a-z0-9_]{0,40}$/, { message: 'QUEUE_PREFIX must be lower-case letters, digits and _' })
  QUEUE_PREFIX = 'tongxin';

  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET: string;

  @Matches(/^\d+[smhd]$/, { message: 'JWT_EXPIRES_IN must look like 15m, 12h or 7d' })
  JWT_EXPIRES_IN = '12h';

  /** Run pending migrations when an api process starts (under an advisory lock). */
  @Transform(toBoolean)
  @IsBoolean()
  MIGRATIONS_RUN = true;

  /** Comma-separated origins allowed by CORS; empty disables CORS. */
  @IsString()
  CORS_ORIGINS = '';

  /** Express "trust proxy" setting: hops in front of the api (0 = none). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  TRUST_PROXY = 0;

  /** Sign-up and login attempts allowed per client address per minute. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  AUTH_RATE_LIMIT_PER_MINUTE = 10;

  /** Public registrations (single and group) per client address per minute. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  PUBLIC_RATE_LIMIT_PER_MINUTE = 120;

  /** Per link token (a manage or group link): requests per minute. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  LINK_RATE_LIMIT_PER_MINUTE = 30;

  /** Messages that public actions (registrations, group links, link requests) may cause per client address per hour. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  PUBLIC_MAIL_PER_HOUR = 300;

  /** "Send me my links again" per email address per hour. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  LINK_REQUESTS_PER_EMAIL_PER_HOUR = 3;

  /** Team-member additions (which tell whether an account exists) per organizer per hour. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  ACCOUNT_LOOKUPS_PER_HOUR = 60;

  /** Largest upload accepted (request body of an import), in bytes. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1024)
  UPLOAD_MAX_BYTES = 10 * 1024 * 1024;

  /** Largest total an XLSX may inflate to (all zip entries together), in bytes. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1024)
  UPLOAD_MAX_UNZIPPED_BYTES = 64 * 1024 * 1024;

  /** Most sheets an XLSX may hold. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  UPLOAD_MAX_SHEETS = 32;

  /** Most rows read from one sheet of an upload (header included); UPLOAD_MAX_CELLS bounds the whole file. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  UPLOAD_MAX_ROWS = 50_001;

  /** Most columns a row may have (a cell in XFD is column 16,384). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  UPLOAD_MAX_COLUMNS = 64;

  /** Most non-empty cells in an upload. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  UPLOAD_MAX_CELLS = 400_000;

  /** Longest line of a CSV (and longest cell of an XLSX), in characters. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(80)
  UPLOAD_MAX_LINE_LENGTH = 16_384;

  /**
   * Bearer token Prometheus must send to GET /api/metrics. Absent (or empty): the route is open to anyone who can
   * reach it, so set it in production or keep the route off the public proxy.
   */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' })
  METRICS_TOKEN?: string;

  /** Longest a process spends closing on SIGTERM before it exits anyway (whatever Redis, PostgreSQL or SMTP do). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(100)
  SHUTDOWN_TIMEOUT_MS = 10_000;

  /** Days after an event ends that its manage, group and join links keep working (unsubscribe links never expire). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  LINK_TTL_DAYS = 30;

  /**
   * Minutes after an event ends before its summary is mailed to the owners and managers and the attendees are
   * thanked (fractions allowed; 0: at the end).
   */
  @Transform(({ value }) => Number(value))
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  POST_EVENT_DELAY_MINUTES = 120;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' = 'info';

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 16;

  /** smtp://user:pass@host:port or smtps://... Absent: each message is written as an .eml file under MAIL_DIR. */
  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /** The From address of every message: an address, or "Name <address>". */
  @IsString()
  MAIL_FROM = '同心 Tongxin <no-reply@tongxin.local>';

  /**
   * List the mail written to MAIL_DIR at GET /api/dev/mail, to callers on this machine. `npm start` turns it on
   * when it runs on its embedded database without SMTP_URL; it stays off with SMTP_URL, with NODE_ENV=production
   * and whenever a proxy is trusted (TRUST_PROXY > 0), whatever this says.
   */
  @Transform(toBoolean)
  @IsBoolean()
  DEV_MAIL = false;

  /** Where messages go when there is no SMTP_URL (development). */
  @IsString()
  MAIL_DIR = '.data/mail';

  /** Messages accepted by SMTP per second across all workers; 0 = no limit. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  SMTP_MAX_PER_SECOND = 0;

  /** Open SMTP connections per worker process. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(100)
  SMTP_POOL_SIZE = 5;

  /** Messages a worker process sends at once; also the most a killed worker can send twice. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(500)
  MAIL_CONCURRENCY = 20;

  /** Tries per message before it is marked failed. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(30)
  MAIL_MAX_ATTEMPTS = 8;

  /** First retry delay; each later one doubles (capped at an hour). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(10)
  MAIL_RETRY_DELAY_MS = 10_000;

  /** How often a worker re-queues what the queue lost (Redis flushed, process killed) and fires missed reminders. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(100)
  RECONCILE_INTERVAL_MS = 30_000;

  /** A message claimed longer ago than this by a worker that has not finished it is tried again. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1000)
  MAIL_SENDING_TIMEOUT_MS = 300_000;
}

export class ConfigError extends Error {}

/** http://host:port of a listening socket, as a browser on this machine would write it. */
export function listenUrl(host: string, port: number): string {
  const name = ['0.0.0.0', '::', ''].includes(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

/** Validates raw variables; throws a ConfigError that names every bad variable. */
export function validateEnv(raw: Record<string, unknown>): Env {
  const present = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ''));
  const env = plainToInstance(Env, present, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false, forbidUnknownValues: true });
  if (errors.length > 0) {
    const lines = errors.map((e) => {
      const why = Object.values(e.constraints ?? {}).join('; ');
      return `  ${e.property}: ${present[e.property] === undefined ? 'is missing' : 'is invalid'} (${why})`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  env.PUBLIC_URL ??= listenUrl(env.HOST, env.PORT);
  return env;
}
