import type { Sheet } from '@tongxin/common';
import { closeOpenEnds, readParticipants } from './read-participants';
import { mergeRows } from './merge';

const zone = 'Asia/Shanghai';
const sheet = (name: string, rows: string[][], first = 1): Sheet => ({
  name,
  rows,
  rowNumbers: rows.map((_, i) => first + i),
});
const t = (iso: string) => Date.parse(iso);

describe('readParticipants', () => {
  it('finds a Zoom header under the meeting-data lines and reads one row a session', () => {
    const csv = sheet('', [
      ['Meeting ID', 'Topic', 'Start Time', 'End Time', 'User Email', 'Duration (Minutes)', 'Participants'],
      ['812 3456 7890', '公益课', '03/14/2026 01:58:00 PM', '03/14/2026 04:00:00 PM', 'host@example.org', '122', '3'],
      ['Name (Original Name)', 'User Email', 'Join Time', 'Leave Time', 'Duration (Minutes)', 'Guest'],
      ['王五 (Wang Wu)', 'wang@example.org', '03/14/2026 02:00:00 PM', '03/14/2026 02:40:00 PM', '40', 'Yes'],
    ]);
    const table = readParticipants([csv], zone);
    expect(table.format).toBe('zoom');
    expect(table.rows).toEqual([
      {
        sheet: '',
        row: 4,
        name: '王五 (Wang Wu)',
        email: 'wang@example.org',
        phone: '',
        start: t('2026-03-14T06:00:00Z'),
        end: t('2026-03-14T06:40:00Z'),
        total: false,
      },
    ]);
  });

  it('reads a webinar report’s attendees only: not hosts, panelists or no-shows', () => {
    const header = [
      'Attended',
      'User Name (Original Name)',
      'Email',
      'Join Time',
      'Leave Time',
      'Time in Session (minutes)',
    ];
    const csv = sheet('', [
      ['Attendee Report'],
      ['Report Generated:', '03/14/2026 05:00 PM'],
      ['Host Details'],
      header,
      ['Yes', '主持人', 'host@example.org', '03/14/2026 01:50:00 PM', '03/14/2026 04:00:00 PM', '130'],
      ['Panelist Details'],
      header,
      ['Yes', '嘉宾', 'guest@example.org', '03/14/2026 01:55:00 PM', '03/14/2026 04:00:00 PM', '125'],
      ['Attendee Details'],
      header,
      ['Yes', '李四', 'li@example.org', '03/14/2026 02:00:00 PM', '03/14/2026 03:00:00 PM', '60'],
      ['No', '赵六', 'zhao@example.org', '--', '--', ''],
    ]);
    const table = readParticipants([csv], zone);
    expect(table.rows.map((r) => [r.row, r.name])).toEqual([[11, '李四']]);
  });

  it('reads Tencent’s totals as totals and `--` as still there, closed at the event’s end', () => {
    const rows = [
      ['会议主题:', '公益课'],
      ['用户昵称（入会昵称）', '首次入会时间', '最后退会时间', '入会次数', '累计参会时长', '身份'],
      ['张三(小张)', '2026-03-14 14:00:00', '--', '1', '1:00:00', '普通参会者'],
    ];
    const table = readParticipants([sheet('成员参会概况', rows, 8)], zone);
    expect(table.format).toBe('tencent');
    closeOpenEnds(table.rows, t('2026-03-14T08:00:00Z'));
    expect(table.rows[0]).toMatchObject({ row: 10, total: true, seconds: 3600, end: t('2026-03-14T08:00:00Z') });
    expect(mergeRows(table.rows)).toEqual({
      minutes: 60,
      firstAt: new Date('2026-03-14T06:00:00Z'),
      lastAt: new Date('2026-03-14T08:00:00Z'),
    });
  });

  it('reports rows it cannot read and passes over rows without a name', () => {
    const csv = sheet('', [
      ['姓名', '入会时间', '退会时间'],
      ['甲', 'yesterday', '2026-03-14 15:00'],
      ['乙', '2026-03-14 15:00', '2026-03-14 14:00'],
      ['', '2026-03-14 14:00', '2026-03-14 15:00'],
      ['丙', '', ''],
    ]);
    const table = readParticipants([csv], zone);
    expect(table.format).toBe('table');
    expect(table.rows).toEqual([]);
    expect(table.rejected.map((r) => [r.row, r.name, r.message])).toEqual([
      [2, '甲', expect.stringContaining('"yesterday" is not a time')],
      [3, '乙', 'the leave time is before the join time'],
      [5, '丙', 'the row has neither a join and leave time nor a duration'],
    ]);
  });

  it('names the formats it tried when no header is found', () => {
    expect(() =>
      readParticipants(
        [
          sheet('', [
            ['a', 'b'],
            ['1', '2'],
          ]),
        ],
        zone,
      ),
    ).toThrow(/Tencent Meeting.*Zoom.*姓名/);
  });
});

describe('mergeRows', () => {
  const session = (from: string, to: string) => ({
    sheet: '',
    row: 1,
    name: 'x',
    email: '',
    phone: '',
    start: t(from),
    end: t(to),
    total: false,
  });

  it('unites a rejoining person’s sessions and adds sessions known only by length', () => {
    const rows = [
      session('2026-03-14T06:00:00Z', '2026-03-14T06:20:00Z'),
      session('2026-03-14T06:10:00Z', '2026-03-14T06:30:00Z'),
      session('2026-03-14T07:00:00Z', '2026-03-14T07:10:00Z'),
      { ...session('2026-03-14T00:00:00Z', '2026-03-14T00:00:00Z'), start: undefined, end: undefined, seconds: 300 },
    ];
    expect(mergeRows(rows)).toEqual({
      minutes: 45,
      firstAt: new Date('2026-03-14T06:00:00Z'),
      lastAt: new Date('2026-03-14T07:10:00Z'),
    });
  });

  it('prefers sessions to a total when the file has both (Tencent’s two sheets)', () => {
    const total = { ...session('2026-03-14T06:00:00Z', '2026-03-14T08:00:00Z'), total: true, seconds: 5400 };
    expect(mergeRows([total]).minutes).toBe(90);
    expect(mergeRows([total, session('2026-03-14T06:00:00Z', '2026-03-14T06:40:00Z')]).minutes).toBe(40);
  });
});
