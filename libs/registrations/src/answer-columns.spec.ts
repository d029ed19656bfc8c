import { toQuestion } from '@tongxin/events';
import { answerCell, answerColumns, answerFromCell, answerHeaders } from './answer-columns';

const topics = toQuestion({
  key: 'topics',
  type: 'multi_choice',
  labelZh: '议题',
  labelEn: 'Topics',
  options: [
    { key: 'elderly', labelZh: '养老', labelEn: 'Elderly care' },
    { key: 'education', labelZh: '教育' },
  ],
});
const lodging = toQuestion({ key: 'lodging', type: 'yes_no', labelZh: '住宿' });
const consent = toQuestion({ key: 'photo', type: 'consent', labelZh: '同意' });
const arrival = toQuestion({ key: 'arrival', type: 'date', labelZh: '议题' });

describe('answer columns', () => {
  it('writes labels, picks joined with "；", yes/no and consent in Chinese; reads them back', () => {
    const cases: [ReturnType<typeof toQuestion>, unknown, string][] = [
      [topics, ['elderly', 'education'], '养老；教育'],
      [lodging, true, '是'],
      [lodging, false, '否'],
      [consent, { accepted: true, version: 3 }, '同意（第3版）'],
      [arrival, '2027-01-01', '2027-01-01'],
    ];
    for (const [q, answer, cell] of cases) {
      expect(answerCell(q, answer as never)).toBe(cell);
      expect(answerFromCell(q, cell)).toEqual(q.type === 'consent' ? true : answer);
    }
    expect(answerCell(topics, undefined)).toBe('');
    expect(answerFromCell(topics, 'Elderly care, 教育')).toEqual(['elderly', 'education']);
    expect(answerFromCell(arrival, '2027/1/5')).toBe('2027-01-05');
    expect(answerFromCell(lodging, '也许')).toBe('也许');
  });

  it('tells questions with the same label apart by key, and marks removed ones', () => {
    const removed = { ...lodging, removedAt: '2026-12-01T00:00:00Z' };
    const headers = answerHeaders([topics, arrival, removed]);
    expect(headers).toEqual(['议题 [topics]', '议题 [arrival]', '住宿（已删除）']);
    expect([...answerColumns([topics, arrival, removed], ['姓名', ...headers])]).toEqual([
      ['topics', 1],
      ['arrival', 2],
    ]);
    expect([...answerColumns([topics], ['TOPICS'])]).toEqual([['topics', 0]]);
  });
});
