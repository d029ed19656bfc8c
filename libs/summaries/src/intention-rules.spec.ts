import { DomainError } from '@tongxin/common';
import { changedIntention, checkParties } from './intention-rules';
import type { IntentionFields } from './intention.queries';

const signedAt = new Date('2026-12-05T03:00:00Z');
const intent: IntentionFields = { title: '京津冀养老服务合作', field: 'charity', status: 'intent', signedAt: null };

describe('changedIntention', () => {
  it('moves an intention to signed with its signing time, and back', () => {
    const signed = changedIntention(intent, { status: 'signed', signedAt });
    expect(signed).toEqual({ ...intent, status: 'signed', signedAt });
    expect(changedIntention(signed, { title: ' 新名称 ' })).toEqual({ ...signed, title: '新名称' });
    expect(changedIntention(signed, { status: 'negotiating' })).toEqual({ ...intent, status: 'negotiating' });
  });

  it('refuses signed without a time, and a time without signed', () => {
    expect(() => changedIntention(intent, { status: 'signed' })).toThrow('signedAt is required when status is signed');
    expect(() => changedIntention(intent, { signedAt })).toThrow(DomainError);
    const signed = changedIntention(intent, { status: 'signed', signedAt });
    expect(() => changedIntention(signed, { signedAt: null })).toThrow('signedAt is required');
  });
});

describe('checkParties', () => {
  const a = '5f0c1d3e-0000-4000-8000-000000000001';
  const b = '5f0c1d3e-0000-4000-8000-000000000002';

  it('needs two distinct, existing organizations', () => {
    expect(() => checkParties([a, b], new Set([a, b]))).not.toThrow();
    const fields = (ids: string[], known: string[]) => {
      try {
        checkParties(ids, new Set(known));
      } catch (error) {
        return ((error as DomainError).details!.fields as { field: string }[]).map((f) => f.field);
      }
      return [];
    };
    expect(fields([a, a], [a])).toEqual(['organizationIds']);
    expect(fields([a, b], [a])).toEqual(['organizationIds.1']);
  });
});
