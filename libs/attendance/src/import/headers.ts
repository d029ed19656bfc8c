/*
 * The header rows of meeting-platform exports (facts in /work/shared/STACK-NOTES.md, last section): which column
 * means what, and which platform wrote the file. Headers compare as keys: NFKC (full-width brackets and colons
 * become ASCII), case-folded, with no whitespace and no trailing colon.
 */

export const IMPORT_FORMATS = ['tencent', 'zoom', 'table'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export type Field =
  | 'name'
  | 'email'
  | 'phone'
  /** A session's join and leave (one row a session), or the first and last when the row carries a total. */
  | 'join'
  | 'leave'
  | 'firstJoin'
  | 'lastLeave'
  /** A session's length: `H:MM:SS` (clock) or minutes. */
  | 'sessionClock'
  | 'sessionMinutes'
  /** The platform's total for the person (Tencent 累计参会时长, Zoom "Show unique users"). */
  | 'totalClock'
  | 'totalMinutes'
  /** Zoom webinar: `Yes` / `No` (a no-show). */
  | 'attended'
  /** Tencent 身份: 主持人 (host), 联席主持人 (co-host), 普通参会者 (participant). */
  | 'role';

const ALIASES: Record<Field, string[]> = {
  name: [
    '用户昵称(入会昵称)',
    '用户昵称',
    '入会昵称',
    '用户名称',
    '参会人',
    '参会者',
    '参会人员',
    '姓名',
    '名字',
    '昵称',
    'name(originalname)',
    'username(originalname)',
    'participant',
    'participantname',
    'name',
    'fullname',
    'displayname',
  ],
  email: ['useremail', 'email', 'emailaddress', 'e-mail', '邮箱', '电子邮箱', '电子邮件', '邮件', '邮箱地址'],
  phone: ['phone', 'mobile', 'phonenumber', '手机', '手机号', '手机号码', '电话', '联系电话', '联系方式'],
  join: ['jointime', 'join', '入会时间', '加入时间', '进入时间', '进会时间'],
  leave: ['leavetime', 'leave', '退会时间', '离会时间', '离开时间', '退出时间'],
  firstJoin: ['首次入会时间', 'firstjointime'],
  lastLeave: ['最后退会时间', 'lastleavetime'],
  sessionClock: ['单次参会时长', '参会时长', '时长'],
  sessionMinutes: [
    'duration(minutes)',
    'timeinsession(minutes)',
    'minutes',
    'duration',
    '时长(分钟)',
    '参会时长(分钟)',
    '分钟',
    '分钟数',
  ],
  totalClock: ['累计参会时长', '总参会时长'],
  totalMinutes: ['totalduration(minutes)', '累计参会时长(分钟)', '总时长(分钟)', 'totalminutes'],
  attended: ['attended'],
  role: ['身份', '角色', 'role'],
};

const FIELD_OF = new Map<string, Field>(
  Object.entries(ALIASES).flatMap(([field, keys]) => keys.map((key) => [key, field as Field] as const)),
);

/** Headers only Tencent Meeting writes. */
const TENCENT = new Set([
  '用户昵称(入会昵称)',
  '用户昵称',
  '入会昵称',
  '用户名称',
  '首次入会时间',
  '最后退会时间',
  '入会次数',
  '累计参会时长',
  '单次参会时长',
  '房间类型',
  '会议号',
]);
/** Headers only Zoom writes. */
const ZOOM = new Set([
  'name(originalname)',
  'username(originalname)',
  'useremail',
  'duration(minutes)',
  'totalduration(minutes)',
  'timeinsession(minutes)',
  'guest',
  'isguest',
  'recordingconsent',
  'inwaitingroom',
  'attended',
]);

export function headerKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/gu, '')
    .replace(/[:*]+$/u, '');
}

export interface Header {
  format: ImportFormat;
  /** The column (0-based) of each field the header names; the first column wins when two name the same field. */
  columns: Partial<Record<Field, number>>;
}

/**
 * Reads a row as a participant table's header: it must name the person and at least one time or duration.
 * Returns undefined for anything else (preamble lines, a meeting-info header, data).
 */
export function headerOf(cells: readonly string[]): Header | undefined {
  const columns: Partial<Record<Field, number>> = {};
  let tencent = 0;
  let zoom = 0;
  cells.forEach((cell, index) => {
    const key = headerKey(cell);
    const field = FIELD_OF.get(key);
    if (field && columns[field] === undefined) columns[field] = index;
    if (TENCENT.has(key)) tencent++;
    if (ZOOM.has(key)) zoom++;
  });
  const timed = (['join', 'leave', 'firstJoin', 'lastLeave'] as const).some((f) => columns[f] !== undefined);
  const durations = (['sessionClock', 'sessionMinutes', 'totalClock', 'totalMinutes'] as const).some(
    (f) => columns[f] !== undefined,
  );
  if (columns.name === undefined || !(timed || durations)) return undefined;
  const format: ImportFormat = tencent > zoom ? 'tencent' : zoom > 0 ? 'zoom' : 'table';
  return { format, columns };
}

/** What a file must look like, for the error that answers one with no header found. */
export const FORMATS_TRIED =
  'a Tencent Meeting export (.xlsx: 用户昵称（入会昵称）, 入会时间, 退会时间 or 首次入会时间, 累计参会时长), ' +
  'a Zoom participants report (.csv: Name (Original Name), User Email, Join Time, Leave Time, Duration (Minutes)), ' +
  'or a table (.csv/.xlsx) with 姓名/name and 入会时间/join, 退会时间/leave or 时长(分钟)/minutes';
