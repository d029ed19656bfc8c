import { fingerprint, redactUrl } from './log-redaction';

describe('redactUrl', () => {
  const token = 'q3Zx0bV5mJ8kQ1wErT7yUiOpAsDfGhJkLzXcVbNm123';

  it('replaces a token in the path with its fingerprint', () => {
    const redacted = redactUrl(`/api/public/registrations/${token}`);
    expect(redacted).toBe(`/api/public/registrations/${fingerprint(token)}`);
    expect(redacted).not.toContain(token);
  });

  it('replaces tokens in query values, including percent-encoded ones', () => {
    const redacted = redactUrl(`/r?t=${encodeURIComponent(token)}&status=confirmed`);
    expect(redacted).toBe(`/r?t=${fingerprint(token)}&status=confirmed`);
  });

  it('keeps ids, slugs and words readable', () => {
    const url = '/api/events/0b9f5a8e-1c2d-4e3f-8a9b-0c1d2e3f4a5b/registrations?status=waitlisted&limit=50';
    expect(redactUrl(url)).toBe(url);
    expect(redactUrl('/api/public/events/jingjinji-2026')).toBe('/api/public/events/jingjinji-2026');
  });

  it('gives the same fingerprint for the same token, a different one for another', () => {
    expect(fingerprint(token)).toBe(fingerprint(token));
    expect(fingerprint(token)).not.toBe(fingerprint(`${token.slice(1)}A`));
    expect(fingerprint(token)).toMatch(/^~[0-9a-f]{8}$/);
  });
});
