import { questionConflictOf, questionFieldOf, questionRowsOf, questionRuleKey, questionsInput } from './questions';
import { DomainError, ErrorCode } from '@tongxin/common';

describe('the event form’s questions', () => {
  const form = {
    'questions.0.key': 'diet',
    'questions.0.type': 'choice',
    'questions.0.labelZh': ' 饮食要求 ',
    'questions.0.options': 'none|无|None\r\n\r\nhalal ｜ 清真\n',
    'questions.0.required': 'on',
    'questions.0.editable': 'on',
    'questions.0.position': '2',
    'questions.1.key': 'first_time',
    'questions.1.type': 'yes_no',
    'questions.1.labelZh': '首次参加？',
    'questions.1.max': '',
    'questions.1.position': '1',
    'questions.2.key': 'gone',
    'questions.2.type': 'text',
    'questions.2.labelZh': '移除',
    'questions.2.remove': 'on',
    'questions.3.key': '',
    'questions.3.type': 'text',
    'questions.3.labelZh': '',
    'questions.3.editable': 'on',
    'questions.3.position': '4',
  };

  it('reads the filled rows, by position, without those taken off the form or left empty', () => {
    const paths = new Map<string, string>();
    const errors = {};
    const questions = questionsInput(questionRowsOf(form), paths, errors);
    expect(errors).toEqual({});
    expect(questions.map((q) => q.key)).toEqual(['first_time', 'diet']);
    expect(questions[1]).toMatchObject({
      labelZh: '饮食要求',
      labelEn: null,
      required: true,
      editable: true,
      perPerson: false,
      options: [
        { key: 'none', labelZh: '无', labelEn: 'None' },
        { key: 'halal', labelZh: '清真', labelEn: null },
      ],
    });
    expect(questions[0]).not.toHaveProperty('options');
    expect(paths).toEqual(
      new Map([
        ['questions.0', 'questions.1'],
        ['questions.1', 'questions.0'],
      ]),
    );
  });

  it('says which row a bound or an option line is wrong in, and places the API’s errors in their rows', () => {
    const errors = {};
    questionsInput(
      questionRowsOf({
        'questions.5.key': 'n',
        'questions.5.labelZh': '数',
        'questions.5.min': 'ten',
        'questions.5.options': 'only',
      }),
      new Map(),
      errors,
    );
    expect(errors).toEqual({
      'questions.5.min': ['questions.rule.number'],
      'questions.5.options': ['questions.rule.optionLine'],
    });
    const paths = new Map([['questions.0', 'questions.3']]);
    expect(questionFieldOf('questions.0.options.1.key', paths)).toBe('questions.3.options');
    expect(questionRuleKey('questions.0.options.1.key', ['option x is listed twice'])).toBe('questions.rule.optionKey');
    expect(questionRuleKey('questions.0.key', ['key diet is used by another question'])).toBe(
      'questions.rule.keyTwice',
    );
    expect(questionRuleKey('questions.0.max', ['max must not be less than min'])).toBe('questions.rule.maxBelowMin');
  });

  it('puts a 409 beside the question it names, with how many answers', () => {
    const error = new DomainError(ErrorCode.QUESTION_HAS_ANSWERS, 'Option halal …', {
      question: 'diet',
      options: ['halal'],
      answers: 3,
    });
    expect(questionConflictOf(error, form)).toEqual({
      field: 'questions.0.options',
      key: 'questions.hasAnswers.options',
      vars: { n: 3, options: 'halal' },
    });
  });
});
