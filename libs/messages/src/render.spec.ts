import { formatWhen, oneLine, renderMessage, MessageView } from './render';

describe('formatWhen', () => {
  const start = new Date('2026-12-05T01:00:00Z');
  const end = new Date('2026-12-05T09:00:00Z');

  it('shows the time in the event zone with its offset, in Chinese and English', () => {
    expect(formatWhen(start, end, 'Asia/Shanghai', 'zh')).toBe(
      '2026年12月5日周六 09:00–17:00（GMT+08:00 Asia/Shanghai）',
    );
    expect(formatWhen(start, end, 'Asia/Shanghai', 'en')).toBe(
      'Sat, 5 December 2026, 09:00–17:00 (GMT+08:00 Asia/Shanghai)',
    );
  });

  it('names both days when the event spans midnight, and writes UTC as +00:00', () => {
    expect(formatWhen(start, end, 'America/Los_Angeles', 'en')).toBe(
      'Fri, 4 December 2026, 17:00 – Sat, 5 December 2026, 01:00 (GMT-08:00 America/Los_Angeles)',
    );
    expect(formatWhen(start, end, 'UTC', 'en')).toContain('(GMT+00:00 UTC)');
  });
});

describe('oneLine', () => {
  it('turns every control character and line separator into a single space', () => {
    expect(oneLine('会场变更\r\nBcc: x@example.org\u2028\t尾')).toBe('会场变更 Bcc: x@example.org 尾');
  });
});

describe('renderMessage', () => {
  const view: MessageView = {
    messageId: '6d3988a4-384c-4d25-812d-53ecd05a33a6',
    resendOf: null,
    kind: 'confirmation',
    status: 'waitlisted',
    locale: 'zh',
    recipient: { name: '<b>王</b>', email: 'wang@example.org', organizationName: '社会组织' },
    event: {
      id: 'e5b1b0a4-0000-4000-8000-000000000001',
      title: '研讨会',
      titleEn: null,
      startsAt: new Date('2026-12-05T01:00:00Z'),
      endsAt: new Date('2026-12-05T09:00:00Z'),
      timezone: 'Asia/Shanghai',
      venue: '北京',
      icsSequence: 0,
      cancelled: false,
    },
    links: { manage: 'https://tongxin.example.org/api/public/registrations/abc', join: null, unsubscribe: null },
    announcement: null,
  };

  it('writes the summary mail: the lead, the narrative in Chinese then English, the workbook attached, no invitation', () => {
    const summary: MessageView = {
      ...view,
      kind: 'summary',
      status: 'default',
      recipient: { name: '组织者', email: 'owner@example.org', organizationName: null },
      links: { manage: null, join: null, unsubscribe: null },
      narrative: { zh: '12月5日，研讨会在北京举行。', en: 'On December 5, the workshop was held in Beijing.' },
    };
    const file = { filename: 'summary.xlsx', content: Buffer.from('xlsx'), contentType: 'application/x-test' };
    const message = renderMessage(
      summary,
      { from: 'n@tongxin.example.org', domain: 'tongxin.example.org' },
      {
        files: [file],
      },
    );
    expect(message.subject).toBe('活动总结：研讨会');
    expect(message.text).toMatch(/已经结束[\s\S]*12月5日，研讨会在北京举行。\n\nOn December 5, the workshop/);
    expect(message.attachments).toEqual([{ ...file, contentDisposition: 'attachment' }]);
    expect(message.icalEvent).toBeUndefined();
    const thanks = renderMessage(
      { ...view, kind: 'thank_you', status: 'confirmed' },
      {
        from: 'n@tongxin.example.org',
        domain: 'tongxin.example.org',
      },
    );
    expect(thanks.subject).toBe('感谢参加：研讨会');
    expect(thanks.icalEvent).toBeUndefined();
  });

  it('escapes user text in HTML and attaches no invitation to a waitlisted attendee', () => {
    const message = renderMessage(view, { from: 'Tongxin <n@tongxin.example.org>', domain: 'tongxin.example.org' });
    expect(message.messageId).toBe('<6d3988a4-384c-4d25-812d-53ecd05a33a6@tongxin.example.org>');
    expect(message.subject).toBe('已进入候补名单：研讨会');
    expect(message.html).toContain('&lt;b&gt;王&lt;/b&gt;');
    expect(message.text).toContain('<b>王</b>，您好！');
    expect(message.icalEvent).toBeUndefined();
  });
});
