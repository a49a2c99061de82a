import { Injectable, OnModuleInit } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { ImrEvent } from '../src/events/core/event-types';
import { DomainEvents } from '../src/events/domain-events';
import { HostApp, startHostApp } from './support/host-app';

/** A host app's own provider, injecting the module's event stream as the README shows. */
@Injectable()
class HostListener implements OnModuleInit {
  readonly seen: ImrEvent[] = [];
  constructor(private readonly imr: DomainEvents) {}

  onModuleInit(): void {
    this.imr.published$.subscribe((event) => this.seen.push(event));
  }
}

describe('a host app that imports ImrRotaModule subscribes to its events in-process (e2e)', () => {
  let host: HostApp;
  let app: NestFastifyApplication;
  let adminKey: string;

  beforeAll(async () => {
    host = await startHostApp({ env: { IMR_EVENTS_POLL_MS: '20' }, providers: [HostListener] });
    ({ app, adminKey } = host);
  });
  afterAll(async () => {
    await host?.close();
  });

  it('hears rota.published after a publish through the mounted routes', async () => {
    const auth = { Authorization: `Bearer ${adminKey}` };
    const http = () => request(app.getHttpServer());
    const ward = (await http().post('/imr/api/wards').set(auth).send({ code: 'HOST', name: 'Host ward' }).expect(201)).body;
    await http()
      .post(`/imr/api/wards/${ward.id}/groups`)
      .set(auth)
      .send({
        name: 'g',
        recurrence: 'FREQ=WEEKLY;BYDAY=MO',
        startTime: '10:00',
        durationMinutes: 60,
        startsOn: '2030-01-07',
        curriculum: 'core',
      })
      .expect(201);
    await http().post(`/imr/api/wards/${ward.id}/rota/publish`).set(auth).send({ from: '2030-01-07', to: '2030-01-31' }).expect(200);
    const listener = app.get(HostListener);
    const deadline = Date.now() + 5000;
    while (!listener.seen.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(listener.seen.map((e) => [e.type, e.wardId, (e.data.sessionIds as string[]).length])).toEqual([['rota.published', ward.id, 4]]);
  });
});
