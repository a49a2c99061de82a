import { Controller, Get } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { HostApp, startHostApp } from './support/host-app';

@Controller('hello')
class HostController {
  @Get()
  hello() {
    return { host: 'ok' };
  }
}

describe('ImrRotaModule mounted in a host Nest application (e2e)', () => {
  let host: HostApp;
  let app: NestFastifyApplication;
  let adminKey: string;

  beforeAll(async () => {
    host = await startHostApp({ publicUrl: 'https://host.example.test/imr', controllers: [HostController] });
    ({ app, adminKey } = host);
  });
  afterAll(async () => {
    await host?.close();
  });

  const http = () => request(app.getHttpServer());

  it('leaves the host’s own routes alone (no key needed, no IMR guard)', async () => {
    const res = await http().get('/hello');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ host: 'ok' });
  });

  it('serves every IMR route under the prefix with its own auth, validation and database', async () => {
    expect((await http().get('/imr/health')).body).toMatchObject({ status: 'ok' });
    expect((await http().get('/imr/api/modules')).status).toBe(401);
    expect((await http().get('/api/modules')).status).toBe(404);
    const auth = { Authorization: `Bearer ${adminKey}` };
    expect((await http().get('/imr/api/modules').set(auth)).body).toHaveLength(11);
    const bad = await http().post('/imr/api/wards').set(auth).send({ code: 'H1', name: 'Host ward', timezone: 'Nowhere/City' });
    expect(bad.status).toBe(400);
    expect(bad.body.message.join(' ')).toMatch(/timezone/);
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const form = await http().post('/imr/api/wards').set(auth).set('Content-Type', type).send('code=X&name=X');
      expect([form.status, form.body.message]).toEqual([415, [expect.stringMatching(/application\/json/)]]);
    }
    const ward = await http().post('/imr/api/wards').set(auth).send({ code: 'H1', name: 'Host ward' });
    expect(ward.status).toBe(201);
    const group = await http().post(`/imr/api/wards/${ward.body.id}/groups`).set(auth).send({
      name: 'g',
      recurrence: 'FREQ=WEEKLY;BYDAY=MO',
      startTime: '10:00',
      durationMinutes: 60,
      startsOn: '2027-03-01',
      curriculum: 'core',
    });
    expect(group.status).toBe(201);
    const sessions = await http().get(`/imr/api/wards/${ward.body.id}/sessions?from=2027-03-01&to=2027-03-31`).set(auth);
    expect(sessions.body.map((s: { startsAt: string }) => s.startsAt)).toEqual([
      '2027-03-01T10:00:00+01:00',
      '2027-03-08T10:00:00+01:00',
      '2027-03-15T10:00:00+01:00',
      '2027-03-22T10:00:00+01:00',
      '2027-03-29T10:00:00+02:00',
    ]);
    const facilitator = await http()
      .post('/imr/api/facilitators')
      .set(auth)
      .send({ name: 'Kari', profession: 'nurse', imrTrained: true, wardIds: [ward.body.id] });
    const link = await http().post(`/imr/api/facilitators/${facilitator.body.id}/calendar`).set(auth);
    expect(link.status).toBe(201);
    expect(link.body.url).toMatch(/^https:\/\/host\.example\.test\/imr\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    const feed = await http().get(new URL(link.body.url).pathname);
    expect(feed.status).toBe(200);
    expect(feed.headers['content-type']).toMatch(/text\/calendar/);
  });
});
