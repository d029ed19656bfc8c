import { Question, readAnswers, toQuestion } from '@tongxin/events';
import {
  answerChangesOf,
  answerMessages,
  answerRows,
  answersOf,
  answerText,
  questionControls,
  valuesOfAnswers,
  valuesOfForm,
} from './answers';

const QUESTIONS: Question[] = [
  toQuestion({ key: 'case_study', type: 'text', labelZh: '案例', labelEn: 'Case study', maxLength: 20 }),
  toQuestion({ key: 'staff', type: 'number', labelZh: '人数', min: 0, max: 500, integer: true }),
  toQuestion({
    key: 'topics',
    type: 'multi_choice',
    labelZh: '议题',
    labelEn: 'Topics',
    max: 2,
    options: [
      { key: 'elderly', labelZh: '养老', labelEn: 'Elderly care' },
      { key: 'education', labelZh: '教育' },
      { key: 'environment', labelZh: '环保', labelEn: 'Environment' },
    ],
  }),
  toQuestion({ key: 'lodging', type: 'yes_no', labelZh: '住宿' }),
  toQuestion({ key: 'photo_ok', type: 'consent', labelZh: '同意使用照片', required: true }),
  toQuestion({ key: 'arrival', type: 'date', labelZh: '到达日期' }),
];

describe('answers on the pages', () => {
  const posted = {
    'q.case_study': ' 社区养老 ',
    'q.staff': '12',
    'q.topics': ['elderly', 'environment'],
    'q.lodging': 'no',
    'q.photo_ok': 'on',
    'q.arrival': '',
  };

  it('reads a form as the services take answers: booleans, lists, numbers as typed, blanks left out', () => {
    const answers = answersOf(QUESTIONS, valuesOfForm(QUESTIONS, posted, 'q.'));
    expect(answers).toEqual({
      case_study: ' 社区养老 ',
      staff: '12',
      topics: ['elderly', 'environment'],
      lodging: false,
      photo_ok: true,
    });
    // …which the rule accepts and stores in its own shapes.
    expect(readAnswers(QUESTIONS, answers, 'single')).toEqual({
      ok: true,
      answers: {
        case_study: '社区养老',
        staff: 12,
        topics: ['elderly', 'environment'],
        lodging: false,
        photo_ok: { accepted: true, version: 1 },
      },
    });
  });

  it('a change clears what was left blank (null), and shows stored answers back as the form had them', () => {
    const values = valuesOfAnswers({
      staff: 12,
      lodging: true,
      photo_ok: { accepted: true, version: 1 },
      topics: ['a'],
    });
    expect(values).toEqual({ staff: ['12'], lodging: ['yes'], photo_ok: ['on'], topics: ['a'] });
    expect(answerChangesOf(QUESTIONS.slice(0, 2), { case_study: [''], staff: ['3'] })).toEqual({
      case_study: null,
      staff: '3',
    });
  });

  it('says each broken rule with the question’s own bound', () => {
    const result = readAnswers(QUESTIONS, { case_study: 'x'.repeat(21), staff: '600', topics: ['a'] }, 'single');
    expect(result.ok).toBe(false);
    const messages = answerMessages(QUESTIONS, result.ok ? [] : result.errors);
    expect(messages).toEqual({
      'answers.case_study': { key: 'answers.maxLength', vars: { max: 20 } },
      'answers.staff': { key: 'answers.max', vars: { max: 500 } },
      'answers.topics': { key: 'answers.option', vars: {} },
      'answers.photo_ok': { key: 'answers.consent', vars: {} },
    });
  });

  it('shows each question as its control, in the page’s language with the Chinese as fallback', () => {
    const [text, number, multi, yesNo] = questionControls(
      QUESTIONS,
      'en',
      {},
      {},
      {
        name: 'a.2.q.',
        id: 'a-2-q-',
        errors: 'attendees.2.answers',
      },
    );
    expect(text).toMatchObject({ kind: 'text', name: 'a.2.q.case_study', label: 'Case study', maxLength: 20 });
    expect(number).toMatchObject({
      kind: 'number',
      label: '人数',
      min: 0,
      max: 500,
      step: '1',
      hint: 'A number from 0 to 500; Whole numbers',
    });
    expect(multi!.options.map((o) => o.label)).toEqual(['Elderly care', '教育', 'Environment']);
    expect(multi!.hint).toBe('Choose at most 2');
    expect(yesNo!.options).toEqual([
      { value: 'yes', label: 'Yes', id: 'a-2-q-lodging-yes', checked: false },
      { value: 'no', label: 'No', id: 'a-2-q-lodging-no', checked: false },
    ]);
  });

  it('writes answers with labels, not keys', () => {
    const [, , multi, yesNo, consent] = QUESTIONS;
    expect(answerText(multi!, ['elderly', 'education'], 'zh')).toBe('养老、教育');
    expect(answerText(multi!, ['elderly', 'education'], 'en')).toBe('Elderly care, 教育');
    expect(answerText(yesNo!, true, 'zh')).toBe('是');
    expect(answerText(consent!, { accepted: true, version: 2 }, 'en')).toBe('Agreed');
    expect(answerRows(QUESTIONS.slice(0, 2), { staff: 0 }, 'zh')).toEqual([
      { key: 'case_study', label: '案例', text: null, editable: true },
      { key: 'staff', label: '人数', text: '0', editable: true },
    ]);
  });
});
