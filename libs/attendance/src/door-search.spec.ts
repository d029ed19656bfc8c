import { doorSearchTerms } from './door-search';

describe('doorSearchTerms', () => {
  it('looks for a name or an organization in everything typed', () => {
    expect(doorSearchTerms(' 张伟 ')).toEqual({ text: '张伟', email: null, phone: null, phoneLast4: null });
  });

  it('matches a whole email address, never a part of one', () => {
    expect(doorSearchTerms('Zhang.Wei@Example.org').email).toBe('Zhang.Wei@Example.org');
    expect(doorSearchTerms('zhang.wei').email).toBeNull();
  });

  it('matches a whole mainland mobile number (however written) or its last four digits, nothing in between', () => {
    expect(doorSearchTerms('+86 138-1234-5678').phone).toBe('13812345678');
    expect(doorSearchTerms('5678')).toMatchObject({ phone: null, phoneLast4: '5678' });
    expect(doorSearchTerms('138123')).toMatchObject({ phone: null, phoneLast4: null });
  });
});
