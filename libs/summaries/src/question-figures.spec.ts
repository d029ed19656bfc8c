import type { Question, QuestionInput } from '@tongxin/events';
import { pickedOptions, questionFigures, seriesQuestionFigures, tallyRequest } from './question-figures';
import type { AnswerTally } from './question-figures.queries';

function question(input: QuestionInput & { removedAt?: string }): Question {
  return {
    labelEn: null,
    helpZh: null,
    helpEn: null,
    required: false,
    min: null,
    max: null,
    integer: false,
    maxLength: null,
    perPerson: true,
    editable: true,
    visibleToCheckin: false,
    version: 1,
    removedAt: null,
    ...input,
    options: (input.options ?? []).map((o) => ({ labelEn: null, ...o })),
  };
}

const QUESTIONS = [
  question({ key: 'notes', type: 'text', labelZh: '其他说明' }),
  question({
    key: 'topics',
    type: 'multi_choice',
    labelZh: '关注议题',
    labelEn: 'Topics',
    options: [
      { key: 'elderly', labelZh: '养老', labelEn: 'Elderly care' },
      { key: 'education', labelZh: '教育', labelEn: 'Education' },
    ],
  }),
  question({ key: 'old', type: 'yes_no', labelZh: '旧问题', removedAt: '2026-11-01T00:00:00Z' }),
  question({ key: 'gone', type: 'choice', labelZh: '无人回答的旧问题', removedAt: '2026-11-01T00:00:00Z' }),
  question({ key: 'lodging', type: 'yes_no', labelZh: '是否需要住宿', labelEn: 'Accommodation?' }),
  question({
    key: 'field',
    type: 'organization_field',
    labelZh: '机构服务领域',
    options: [
      { key: 'community', labelZh: '社区服务' },
      { key: 'charity', labelZh: '慈善救助' },
    ],
  }),
];

const tally = (key: string, answer: AnswerTally['answer'], registered: number, attended: number, org?: string) => ({
  eventId: 'e1',
  key,
  answer,
  organizationId: org ?? null,
  registered,
  attended,
});

describe('question figures', () => {
  it('asks for the countable questions, and leaves the other answers out of the grouping', () => {
    expect(tallyRequest([{ id: 'e1', questions: QUESTIONS }])).toEqual({
      questions: [
        { eventId: 'e1', key: 'topics', byOrganization: false },
        { eventId: 'e1', key: 'old', byOrganization: false },
        { eventId: 'e1', key: 'gone', byOrganization: false },
        { eventId: 'e1', key: 'lodging', byOrganization: false },
        { eventId: 'e1', key: 'field', byOrganization: true },
      ],
      uncounted: ['notes'],
    });
  });

  it('reads the options an answer picks', () => {
    expect(pickedOptions('charity')).toEqual(['charity']);
    expect(pickedOptions(['elderly', 'education'])).toEqual(['elderly', 'education']);
    expect(pickedOptions(true)).toEqual(['yes']);
    expect(pickedOptions(false)).toEqual(['no']);
    expect(pickedOptions(3)).toEqual([]);
  });

  it('counts people per option in the question order, active questions first, removed ones while answered', () => {
    const figures = questionFigures(QUESTIONS, [
      tally('topics', ['elderly', 'education'], 2, 2),
      tally('topics', ['education'], 1, 0),
      tally('lodging', true, 3, 2),
      tally('old', false, 1, 1),
      tally('field', 'community', 2, 1, 'orgA'),
      tally('field', 'community', 1, 0, 'orgB'),
      tally('field', 'charity', 1, 0, 'orgA'),
    ]);
    expect(figures.map((q) => [q.key, q.removed])).toEqual([
      ['topics', false],
      ['lodging', false],
      ['field', false],
      ['old', true],
    ]);
    const [topics, lodging, field] = figures;
    expect(topics).toMatchObject({
      labelEn: 'Topics',
      answered: { registered: 3, attended: 2 },
      options: [
        { key: 'elderly', labelZh: '养老', labelEn: 'Elderly care', registered: 2, attended: 2 },
        { key: 'education', registered: 3, attended: 2 },
      ],
    });
    expect(topics!.options[0]).not.toHaveProperty('organizations');
    expect(lodging!.options).toEqual([
      { key: 'yes', labelZh: '是', labelEn: 'Yes', registered: 3, attended: 2 },
      { key: 'no', labelZh: '否', labelEn: 'No', registered: 0, attended: 0 },
    ]);
    expect(field).toMatchObject({
      answered: { registered: 4, attended: 1, organizations: { registered: 2, attended: 1 } },
      options: [
        { key: 'community', registered: 3, attended: 1, organizations: { registered: 2, attended: 1 } },
        { key: 'charity', registered: 1, attended: 0, organizations: { registered: 1, attended: 0 } },
      ],
    });
  });

  it('counts one key across sessions: latest labels, totals, per session; a session asking it as another type left out', () => {
    const field = (labelZh: string, options: { key: string; labelZh: string }[]) =>
      question({ key: 'field', type: 'organization_field', labelZh, options });
    const sessions = [
      {
        id: 's22',
        sequenceNo: 22,
        questions: [
          field('服务领域', [
            { key: 'community', labelZh: '社区' },
            { key: 'old', labelZh: '旧选项' },
          ]),
        ],
      },
      {
        id: 's23',
        sequenceNo: 23,
        questions: [
          field('机构服务领域', [
            { key: 'community', labelZh: '社区服务' },
            { key: 'charity', labelZh: '慈善救助' },
          ]),
        ],
      },
      { id: 's21', sequenceNo: 21, questions: [question({ key: 'field', type: 'text', labelZh: '领域（自由填写）' })] },
    ];
    const tallies = [
      { ...tally('field', 'community', 2, 2, 'orgA'), eventId: 's22' },
      { ...tally('field', 'old', 1, 0, 'orgB'), eventId: 's22' },
      { ...tally('field', 'community', 3, 1, 'orgA'), eventId: 's23' },
      { ...tally('field', 'charity', 1, 1, 'orgC'), eventId: 's23' },
    ];
    expect(tallyRequest(sessions).uncounted).toEqual([]);
    const [figures, ...others] = seriesQuestionFigures(sessions, tallies);
    expect(others).toEqual([]);
    expect(figures).toMatchObject({
      key: 'field',
      labelZh: '机构服务领域',
      answered: { registered: 7, attended: 4, organizations: { registered: 3, attended: 2 } },
      options: [
        {
          key: 'community',
          labelZh: '社区服务',
          registered: 5,
          attended: 3,
          organizations: { registered: 1, attended: 1 },
        },
        { key: 'charity', registered: 1, attended: 1 },
        { key: 'old', labelZh: '旧选项', registered: 1, attended: 0 },
      ],
    });
    expect(
      figures!.sessions.map((s) => [s.sequenceNo, s.answered.registered, s.options.map((o) => o.registered)]),
    ).toEqual([
      [22, 3, [2, 0, 1]],
      [23, 4, [3, 1, 0]],
    ]);
  });
});
