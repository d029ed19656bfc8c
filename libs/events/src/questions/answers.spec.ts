import { changeAnswers, isCalendarDate, readAnswers } from './answers';
import { toQuestion } from './question-rules';

const questions = [
  toQuestion({
    key: 'diet',
    type: 'choice',
    labelZh: '饮食',
    required: true,
    options: [{ key: 'halal', labelZh: '清真' }],
  }),
  toQuestion({ key: 'team', type: 'organization_field', labelZh: '领域', options: [{ key: 'edu', labelZh: '教育' }] }),
  toQuestion({ key: 'ok', type: 'consent', labelZh: '同意', required: true }),
  toQuestion({ key: 'note', type: 'text', labelZh: '备注', editable: false }),
];

describe('answers', () => {
  it('knows real calendar days', () => {
    expect(['2026-12-04', '2028-02-29'].every(isCalendarDate)).toBe(true);
    expect(['2026-02-29', '2026-13-01', '2026-1-1', '20261204'].some(isCalendarDate)).toBe(false);
  });

  it('asks the scope its questions: the group the organization field, each person the rest', () => {
    expect(readAnswers(questions, { team: 'edu' }, 'group')).toEqual({ ok: true, answers: { team: 'edu' } });
    const person = readAnswers(questions, { diet: 'halal', ok: true, team: 'edu' }, 'person');
    expect(person.ok ? [] : person.errors.map((e) => [e.field, e.rule])).toEqual([['answers.team', 'notAsked']]);
    expect(readAnswers(questions, { diet: 'halal', ok: true, team: 'edu' }, 'single')).toEqual({
      ok: true,
      answers: { diet: 'halal', ok: { accepted: true, version: 1 }, team: 'edu' },
    });
  });

  it('skips required answers only when told (an import), never a wrong one', () => {
    expect(readAnswers(questions, {}, 'single', 'answers', { required: false })).toEqual({ ok: true, answers: {} });
    const wrong = readAnswers(questions, { diet: 'pork' }, 'single', 'answers', { required: false });
    expect(wrong.ok).toBe(false);
  });

  it('changes only editable answers, keeps those left out, and clears optional ones with null', () => {
    const current = { diet: 'halal', ok: { accepted: true as const, version: 1 }, note: '原文' };
    expect(changeAnswers(questions, current, { team: 'edu' }, 'single')).toEqual({
      ok: true,
      answers: { ...current, team: 'edu' },
    });
    const refused = changeAnswers(questions, current, { note: '新', ok: false }, 'single');
    expect(refused.ok ? [] : refused.errors.map((e) => e.rule)).toEqual(['notEditable', 'consent']);
  });
});
