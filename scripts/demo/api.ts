/**
 * The demo's HTTP client: JSON requests and file uploads against the public API, as any user's client would make
 * them. A refused connection becomes PlatformUnreachable; a 429 is waited out (Retry-After) when the wait is short.
 */

/** The longest Retry-After the demo waits out before giving up. */
const MAX_RATE_LIMIT_WAIT_S = 90;

export class PlatformUnreachable extends Error {
  constructor(readonly url: string) {
    super(`The platform is not reachable at ${url}: start it with npm start in another terminal (or set DEMO_URL).`);
  }
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
  }
}

interface ErrorBody {
  code?: string;
  message?: string;
  retryAfterSeconds?: number;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export class Api {
  private token: string | undefined;
  /** Called when a 429 is waited out, to say so on the progress line. */
  onWait: (seconds: number, why: string) => void = () => undefined;

  constructor(readonly baseUrl: string) {}

  authenticate(token: string): void {
    this.token = token;
  }

  get<T>(path: string): Promise<T> {
    return this.send<T>('GET', path);
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.send<T>('POST', path, body);
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.send<T>('PATCH', path, body);
  }

  /** A multipart upload of one file under the field `file`. */
  upload<T>(path: string, file: Buffer, filename: string, type: string): Promise<T> {
    return this.send<T>('POST', path, undefined, () => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(file)], { type }), filename);
      return form;
    });
  }

  private async send<T>(method: Method, path: string, body?: unknown, form?: () => FormData): Promise<T> {
    for (;;) {
      const res = await this.fetch(method, path, body, form);
      const text = await res.text();
      const parsed = parse(text);
      if (res.ok) return parsed as T;
      const err = (parsed ?? {}) as ErrorBody;
      const retryAfter = Number(res.headers.get('retry-after') ?? err.retryAfterSeconds ?? NaN);
      if (res.status === 429 && retryAfter > 0 && retryAfter <= MAX_RATE_LIMIT_WAIT_S) {
        this.onWait(retryAfter, err.message ?? 'rate limited');
        await sleep(retryAfter * 1000 + 200);
        continue;
      }
      throw new ApiError(
        res.status,
        err.code ?? 'HTTP_' + res.status,
        `${method} ${path} → ${res.status} ${err.code ?? ''}: ${err.message ?? text.slice(0, 300)}`,
        parsed,
      );
    }
  }

  private async fetch(method: Method, path: string, body?: unknown, form?: () => FormData): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await fetch(this.baseUrl + path, {
        method,
        headers,
        body: form ? form() : body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause;
      if (cause?.code === 'ECONNREFUSED' || cause?.code === 'ENOTFOUND' || cause?.code === 'ECONNRESET') {
        throw new PlatformUnreachable(this.baseUrl);
      }
      throw e;
    }
  }
}

function parse(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs fn over items with at most `limit` in flight; results in the order of items. */
export async function inParallel<T, R>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<R>) {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

/** Every item of a paged list endpoint (`{items, nextCursor}`), 100 a page. */
export async function allPages<T>(api: Api, path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const query: string = `${sep}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page: { items: T[]; nextCursor: string | null } = await api.get(path + query);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}
