import { NarratedQuestion, narratedQuestion, questionSentenceEn, questionSentenceZh } from './narrative-questions';
import type { QuestionFigures } from './question-figures';

/** Chinese characters, which the English copy must not print. */
const CJK = /[\u3400-\u9fff]/;

const firstTime = (yes: number, no: number): NarratedQuestion => ({
  type: 'yes_no',
  labelZh: '是否首次参加',
  labelEn: 'Is this your first time?',
  options: [
    { labelZh: '是', labelEn: 'Yes', count: yes },
    { labelZh: '否', labelEn: 'No', count: no },
  ],
});

describe('the narrative question sentence', () => {
  it('says how the people counted answered, most chosen first, exact under 100', () => {
    expect(questionSentenceZh(firstTime(38, 8))).toBe('对于“是否首次参加”，38人选择“是”，8人选择“否”。');
    expect(questionSentenceEn(firstTime(38, 8))).toBe(
      'Asked “Is this your first time?”, 38 people answered “Yes” and 8 “No”.',
    );
    expect(questionSentenceZh(firstTime(3, 41))).toBe('对于“是否首次参加”，41人选择“否”，3人选择“是”。');
    expect(questionSentenceEn(firstTime(1, 0))).toBe('Asked “Is this your first time?”, 1 person answered “Yes”.');
  });

  it('rounds figures of 100 and more down, as the rest of the narrative does', () => {
    expect(questionSentenceZh(firstTime(12_345, 467))).toBe('对于“是否首次参加”，12000余人选择“是”，467人选择“否”。');
    expect(questionSentenceEn(firstTime(12_345, 105))).toBe(
      'Asked “Is this your first time?”, more than 12,000 people answered “Yes” and more than 100 “No”.',
    );
  });

  it('counts organizations for an organization field, and says "about" a label that is not a question', () => {
    const field: NarratedQuestion = {
      type: 'organization_field',
      labelZh: '机构服务领域',
      labelEn: 'Field of work',
      options: [
        { labelZh: '社区服务', labelEn: 'Community services', count: 12 },
        { labelZh: '慈善救助', labelEn: 'Charity and relief', count: 5 },
        { labelZh: '环境保护', labelEn: 'Environment', count: 0 },
      ],
    };
    expect(questionSentenceZh(field)).toBe('对于“机构服务领域”，12家机构选择“社区服务”，5家机构选择“慈善救助”。');
    expect(questionSentenceEn(field)).toBe(
      'Asked about “Field of work”, 12 organizations chose “Community services” and 5 “Charity and relief”.',
    );
  });

  it('names five options and says there were more', () => {
    const many: NarratedQuestion = {
      type: 'multi_choice',
      labelZh: '关注议题',
      labelEn: 'Topics',
      options: [7, 6, 5, 4, 3, 2].map((count, i) => ({ labelZh: `议题${i}`, labelEn: `Topic ${i}`, count })),
    };
    expect(questionSentenceZh(many)).toBe(
      '对于“关注议题”，7人选择“议题0”，6人选择“议题1”，5人选择“议题2”，4人选择“议题3”，3人选择“议题4”等。',
    );
    expect(questionSentenceEn(many)).toBe(
      'Asked about “Topics”, 7 people chose “Topic 0”, 6 “Topic 1”, 5 “Topic 2”, 4 “Topic 3” and 3 “Topic 4”, among other options.',
    );
  });

  it('leaves the English sentence out when the question or an option named has no English label', () => {
    expect(questionSentenceEn({ ...firstTime(38, 8), labelEn: null })).toBe('');
    expect(questionSentenceEn({ ...firstTime(38, 8), labelEn: '是否首次参加 (first time?)' })).toBe('');
    const diet: NarratedQuestion = {
      type: 'choice',
      labelZh: '饮食要求',
      labelEn: 'Dietary needs',
      options: [
        { labelZh: '无', labelEn: 'None', count: 30 },
        { labelZh: '清真', labelEn: null, count: 2 },
        { labelZh: '素食', labelEn: null, count: 0 },
      ],
    };
    expect(questionSentenceEn(diet)).toBe('');
    expect(questionSentenceZh(diet)).toBe('对于“饮食要求”，30人选择“无”，2人选择“清真”。');
    // An option nobody chose is not named, so its missing English label does not matter.
    const named = { ...diet, options: diet.options.filter((o) => o.labelZh !== '清真') };
    expect(questionSentenceEn(named)).toBe('Asked about “Dietary needs”, 30 people chose “None”.');
    expect(questionSentenceEn(named)).not.toMatch(CJK);
  });

  it('says nothing when nobody answered, or without a question', () => {
    expect(questionSentenceZh(firstTime(0, 0))).toBe('');
    expect(questionSentenceEn(firstTime(0, 0))).toBe('');
    expect(questionSentenceZh(null)).toBe('');
    expect(questionSentenceEn(undefined)).toBe('');
  });

  it('takes the figures of the basis, organizations for an organization field; nothing of a removed question', () => {
    const figures: QuestionFigures = {
      key: 'field',
      type: 'organization_field',
      labelZh: '机构服务领域',
      labelEn: 'Field of work',
      removed: false,
      answered: { registered: 9, attended: 6 },
      options: [
        {
          key: 'community',
          labelZh: '社区服务',
          labelEn: 'Community services',
          registered: 6,
          attended: 4,
          organizations: { registered: 3, attended: 2 },
        },
        {
          key: 'charity',
          labelZh: '慈善救助',
          labelEn: null,
          registered: 3,
          attended: 2,
          organizations: { registered: 2, attended: 1 },
        },
      ],
    };
    expect(narratedQuestion(figures, 'attended')?.options.map((o) => o.count)).toEqual([2, 1]);
    expect(narratedQuestion(figures, 'registered')?.options.map((o) => o.count)).toEqual([3, 2]);
    const people = { ...figures, type: 'choice' as const };
    expect(narratedQuestion(people, 'attended')?.options.map((o) => o.count)).toEqual([4, 2]);
    expect(narratedQuestion({ ...figures, removed: true }, 'attended')).toBeNull();
    expect(narratedQuestion(undefined, 'attended')).toBeNull();
  });
});
