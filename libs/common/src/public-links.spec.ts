import { pagePath, PublicLinks } from './public-links';

describe('PublicLinks', () => {
  it('puts each kind of link under PUBLIC_URL, on the page that opens it', () => {
    const links = new PublicLinks('https://tongxin.example.org/base');
    expect(links.to('manage', 'T')).toBe('https://tongxin.example.org/base/r/T');
    expect(links.to('group', 'T')).toBe('https://tongxin.example.org/base/g/T');
    expect(links.to('join', 'T')).toBe('https://tongxin.example.org/base/j/T');
    expect(links.to('unsubscribe', 'T')).toBe('https://tongxin.example.org/base/u/T');
    expect(links.to('event', 'workshop-k3x9')).toBe('https://tongxin.example.org/base/e/workshop-k3x9');
  });

  it('spells the same pages as paths on this site, the key kept one segment', () => {
    expect(pagePath('event', 'workshop-k3x9', '?sent=1#links')).toBe('/e/workshop-k3x9?sent=1#links');
    expect(pagePath('manage', 'T', '/cancel')).toBe('/r/T/cancel');
    expect(pagePath('event', 'a/../b?c')).toBe('/e/a%2F..%2Fb%3Fc');
  });
});
