import { PublicLinks } from './public-links';

describe('PublicLinks', () => {
  it('puts each kind of link under PUBLIC_URL, on the page that opens it', () => {
    const links = new PublicLinks('https://tongxin.example.org/base');
    expect(links.to('manage', 'T')).toBe('https://tongxin.example.org/base/r/T');
    expect(links.to('group', 'T')).toBe('https://tongxin.example.org/base/g/T');
    expect(links.to('join', 'T')).toBe('https://tongxin.example.org/base/j/T');
    expect(links.to('unsubscribe', 'T')).toBe('https://tongxin.example.org/base/u/T');
  });
});
