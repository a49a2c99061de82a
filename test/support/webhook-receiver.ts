import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export interface Received {
  id: string;
  type: string;
  occurredAt: string;
  wardId: string;
  data: Record<string, unknown>;
  signatureValid: boolean;
}

/** A webhook receiver on 127.0.0.1 that checks signatures and can be told to fail for a while. */
export class WebhookReceiver {
  readonly received: Received[] = [];
  /** Answer this status instead of 200 while set. */
  failWith: number | null = null;
  failures = 0;
  secret = '';
  private server!: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (this.failWith !== null) {
          this.failures++;
          res.writeHead(this.failWith).end('not now');
          return;
        }
        const body = Buffer.concat(chunks);
        const expected = Buffer.from(`sha256=${createHmac('sha256', this.secret).update(body).digest('hex')}`);
        const given = Buffer.from(String(req.headers['x-imr-signature'] ?? ''));
        const signatureValid = given.length === expected.length && timingSafeEqual(given, expected);
        this.received.push({ ...JSON.parse(body.toString('utf8')), signatureValid });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  /** Distinct events in first-arrival order (deliveries are at least once). */
  distinct(): Received[] {
    const seen = new Set<string>();
    return this.received.filter((e) => (seen.has(e.id) ? false : (seen.add(e.id), true)));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
