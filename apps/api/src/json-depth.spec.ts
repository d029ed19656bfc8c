import iconv from 'iconv-lite';
import { MAX_JSON_DEPTH, nestsDeeperThan, refuseDeepJson } from './json-depth';

const bytes = (text: string) => Buffer.from(text, 'utf8');
const nested = (levels: number, open = '[', close = ']') => open.repeat(levels) + close.repeat(levels);

describe('nestsDeeperThan', () => {
  it('counts arrays and objects alike, up to the limit and one past it', () => {
    expect(nestsDeeperThan(bytes(nested(32)), 32)).toBe(false);
    expect(nestsDeeperThan(bytes(nested(33)), 32)).toBe(true);
    expect(nestsDeeperThan(bytes('{"a":'.repeat(32) + '1' + '}'.repeat(32)), 32)).toBe(false);
    expect(nestsDeeperThan(bytes('{"a":['.repeat(17) + '1' + ']}'.repeat(17)), 32)).toBe(true);
  });

  it('measures depth, not how many brackets there are', () => {
    expect(nestsDeeperThan(bytes(`[${'[],'.repeat(10_000)}[]]`), 2)).toBe(false);
  });

  it('does not count brackets inside strings, escaped quotes and backslashes included', () => {
    expect(nestsDeeperThan(bytes(JSON.stringify({ a: '['.repeat(100) })), 2)).toBe(false);
    expect(nestsDeeperThan(bytes(JSON.stringify({ a: '\\"[[[[' })), 1)).toBe(false);
    expect(nestsDeeperThan(bytes(JSON.stringify({ a: 'x\\', b: [[[1]]] })), 3)).toBe(true);
    expect(nestsDeeperThan(bytes(JSON.stringify({ 名: '组织「[」', b: '\u005b' })), 1)).toBe(false);
  });

  it('stops at the first bracket past the limit: a megabyte of brackets costs no more than 33 of them', () => {
    const deep = bytes('['.repeat(1_048_576));
    const seen: number[] = [];
    const spy = new Proxy(deep, {
      get: (target, key) => {
        if (typeof key === 'string' && /^\d+$/.test(key)) seen.push(Number(key));
        const value: unknown = Reflect.get(target, key);
        return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
      },
    });
    expect(nestsDeeperThan(spy, MAX_JSON_DEPTH)).toBe(true);
    expect(seen.length).toBe(MAX_JSON_DEPTH + 1);
  });
});

describe('refuseDeepJson', () => {
  it('refuses with VALIDATION_FAILED naming the limit', () => {
    expect(() => refuseDeepJson({} as never, {}, bytes(nested(2_000)), 'utf-8')).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED', message: expect.stringContaining('32 levels') }),
    );
    expect(() => refuseDeepJson({} as never, {}, bytes(nested(32)), 'utf-8')).not.toThrow();
  });

  it('reads a body in another utf-* charset as characters, not bytes', () => {
    // 孛 is U+5B5B: in UTF-16 both of its bytes are "[" when read one at a time.
    const text = JSON.stringify({ name: '孛'.repeat(100) });
    expect(() => refuseDeepJson({} as never, {}, iconv.encode(text, 'utf-16le'), 'utf-16le')).not.toThrow();
    expect(() => refuseDeepJson({} as never, {}, iconv.encode(nested(40), 'utf-16le'), 'utf-16le')).toThrow();
  });
});
