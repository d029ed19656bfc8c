import { PublicLinks } from './public-links';

describe('PublicLinks', () => {
  it('puts each kind of link under PUBLIC_URL', () => {
    const links = new PublicLinks('https://tongxin.example.org/base');
    expect(links.to('manage', 'T')).toBe('https://tongxin.example.org/base/api/public/registrations/T');
    expect(links.to('group', 'T')).toBe('https://tongxin.example.org/base/api/public/group-registrations/T');
    expect(links.to('join', 'T')).toBe('https://tongxin.example.org/base/api/public/join/T');
    expect(links.to('unsubscribe', 'T')).toBe('https://tongxin.example.org/base/api/public/unsubscribe/T');
  });
});
