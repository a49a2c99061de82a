import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { HostApp, startHostApp } from '../support/host-app';

describe('The board under a host app’s mount prefix', () => {
  let host: HostApp;
  let app: NestFastifyApplication;
  let adminKey: string;

  beforeAll(async () => {
    host = await startHostApp({});
    ({ app, adminKey } = host);
  });
  afterAll(async () => {
    await host?.close();
  });

  it('serves sign-in, assets and the week under /imr, with the cookie scoped to /imr and API calls through the prefix', async () => {
    const http = () => request(app.getHttpServer());
    const signInPage = await http().get('/imr');
    expect((await http().get('/imr/board/sign-in')).status).toBe(200);
    expect((await http().get('/imr/board/week')).headers.location).toBe('/imr/board/sign-in?ended=1');
    expect(signInPage.status).toBe(200);
    expect(signInPage.text).toContain('action="/imr/board/sign-in"');
    expect(signInPage.text).toMatch(/src="\/imr\/board\/assets\/htmx\.min\.js\?v=[A-Za-z0-9_-]{12}"/);
    expect((await http().get('/imr/board/assets/htmx.min.js')).status).toBe(200);
    expect((await http().get('/board/week')).status).toBe(404);
    const signed = await http()
      .post('/imr/board/sign-in')
      .set({ Origin: 'http://host.test', Host: 'host.test' })
      .type('form')
      .send({ key: adminKey });
    expect(signed.status).toBe(303);
    expect(signed.headers.location).toBe('/imr/board/week');
    const cookie = String(signed.headers['set-cookie'][0]);
    expect(cookie).toMatch(/; Path=\/imr; HttpOnly; SameSite=Strict$/);
    await http()
      .post('/imr/api/wards')
      .set({ Authorization: `Bearer ${adminKey}` })
      .send({ code: 'H1', name: 'Host ward' });
    const week = await http().get('/imr/board/week?date=2027-03-22').set('Cookie', cookie.split(';')[0]);
    expect(week.status).toBe(200);
    expect(week.text).toContain('Host ward: uke 12, 2027');
  });
});
