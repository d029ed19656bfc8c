import { mergeQuestions, questionProblems, toQuestion } from './question-rules';
import type { QuestionInput } from './question.types';

const choice = (options: string[], extra: Partial<QuestionInput> = {}): QuestionInput => ({
  key: 'diet',
  type: 'choice',
  labelZh: '饮食要求',
  options: options.map((key) => ({ key, labelZh: key })),
  ...extra,
});

describe('question rules', () => {
  it('fills in the defaults: organization fields are asked once per group, everything else of each person', () => {
    expect(toQuestion({ key: 'a', type: 'text', labelZh: ' 案例 ' })).toMatchObject({
      labelZh: '案例',
      labelEn: null,
      required: false,
      maxLength: 200,
      perPerson: true,
      editable: true,
      visibleToCheckin: false,
      version: 1,
      removedAt: null,
    });
    expect(toQuestion({ key: 'f', type: 'organization_field', labelZh: '领域', options: [] }).perPerson).toBe(false);
    expect(toQuestion({ key: 'l', type: 'long_text', labelZh: '说明' }).maxLength).toBe(2000);
  });

  it('names every problem of a list by its field', () => {
    expect(
      questionProblems([
        { key: 'x', type: 'choice', labelZh: 'a' },
        { key: 'x', type: 'yes_no', labelZh: 'b', options: [{ key: 'o', labelZh: 'o' }] },
        choice(['a', 'a'], { key: 'y', type: 'multi_choice', min: 2, max: 1 }),
        { key: 'z', type: 'number', labelZh: 'n', maxLength: 5 },
      ]).map((p) => p.field),
    ).toEqual([
      'questions.0.options',
      'questions.1.key',
      'questions.1.options',
      'questions.2.options.1.key',
      'questions.2.max',
      'questions.3.maxLength',
    ]);
    expect(questionProblems([choice(['a', 'b'])])).toEqual([]);
  });

  it('keeps removed questions marked, brings one back when sent again, and lists changes answers depend on', () => {
    const now = new Date('2026-12-04T00:00:00Z');
    const first = mergeQuestions([], [choice(['a', 'b', 'c']), { key: 'note', type: 'text', labelZh: '备注' }], now);
    expect(first.conflicts).toEqual([]);
    const second = mergeQuestions(first.questions, [choice(['a', 'c'])], now);
    expect(second.removed).toEqual(['note']);
    expect(second.questions.map((q) => [q.key, q.removedAt])).toEqual([
      ['diet', null],
      ['note', now.toISOString()],
    ]);
    expect(second.conflicts).toEqual([{ kind: 'options', key: 'diet', options: ['b'] }]);
    const third = mergeQuestions(
      second.questions,
      [
        { key: 'diet', type: 'text', labelZh: '饮食' },
        { key: 'note', type: 'text', labelZh: '备注' },
      ],
      now,
    );
    expect(third.questions.every((q) => q.removedAt === null)).toBe(true);
    expect(third.conflicts).toEqual([{ kind: 'type', key: 'diet', from: 'choice', to: 'text' }]);
  });

  it('moves a consent to a new version when its statement changes, not when only its settings do', () => {
    const consent = (labelZh: string, required = true): QuestionInput => ({
      key: 'c',
      type: 'consent',
      labelZh,
      required,
    });
    const v1 = mergeQuestions([], [consent('同意使用照片')], new Date()).questions;
    const same = mergeQuestions(v1, [consent('同意使用照片', false)], new Date()).questions;
    expect(same[0]!.version).toBe(1);
    expect(mergeQuestions(same, [consent('同意在报道中使用照片')], new Date()).questions[0]!.version).toBe(2);
  });
});
