import { createTestApp, Organizer, publishEvent, signUp, TestApp } from './support';

/** The checkin role works the door: it sees who people are and whether they may come in, not how to reach them. */
describe('what the checkin role sees of registrations', () => {
  let t: TestApp;
  let owner: Organizer;
  let checker: Organizer;
  let eventId: string;
  beforeAll(async () => {
    t = await createTestApp();
    owner = await signUp(t);
    checker = await signUp(t);
    const event = await publishEvent(t, owner, { capacity: 1 });
    eventId = event.id;
    await t
      .http()
      .post(`/api/events/${event.id}/team`)
      .set(owner.auth)
      .send({ email: checker.email, role: 'checkin' })
      .expect(201);
    const organization = { name: '北京市西城区社会组织联合会', type: 'social_group', regionCode: '110000' };
    for (const [name, email, phone] of [
      ['张伟', 'zhang.wei.1@example.org', '13812345678'],
      ['张伟', 'zhang.wei.2@example.org', '13900001111'],
    ]) {
      await t
        .http()
        .post(`/api/public/events/${event.slug}/registrations`)
        .send({ name, email, phone, jobTitle: '项目主管', organization })
        .expect(201);
    }
  });
  afterAll(() => t.close());

  it('gives the checkin role name, organization, status and the last four phone digits only', async () => {
    const res = await t.http().get(`/api/events/${eventId}/registrations`).set(checker.auth).expect(200);
    expect(res.body.items).toEqual([
      {
        id: expect.any(String),
        status: 'confirmed',
        name: '张伟',
        organization: { id: expect.any(String), name: '北京市西城区社会组织联合会', regionCode: '110000' },
        phoneLast4: '5678',
        answers: {},
      },
      expect.objectContaining({ name: '张伟', status: 'waitlisted', phoneLast4: '1111' }),
    ]);
    const text = JSON.stringify(res.body);
    for (const secret of ['zhang.wei.1@example.org', '13812345678', '13900001111', '项目主管'])
      expect(text).not.toContain(secret);
  });

  it('does not let the checkin role search by email', async () => {
    const byEmail = await t
      .http()
      .get(`/api/events/${eventId}/registrations?q=zhang.wei.1`)
      .set(checker.auth)
      .expect(200);
    expect(byEmail.body.items).toEqual([]);
    const byName = await t.http().get(`/api/events/${eventId}/registrations?q=张伟`).set(checker.auth).expect(200);
    expect(byName.body.items).toHaveLength(2);
  });

  it('still gives owners and managers every field', async () => {
    const res = await t.http().get(`/api/events/${eventId}/registrations?q=zhang.wei.1`).set(owner.auth).expect(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({ email: 'zhang.wei.1@example.org', phone: '13812345678', jobTitle: '项目主管' }),
    ]);
  });
});
