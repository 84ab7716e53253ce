import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkWebhookTarget, isNonPublicAddress, postToWebhook, WebhookTargetError } from './webhook-target';

describe('webhook targets', () => {
  it('should tell public addresses from loopback, link-local, private and mapped ones', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0'])
      expect([a, isNonPublicAddress(a)]).toEqual([a, true]);
    for (const a of ['::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '::'])
      expect([a, isNonPublicAddress(a)]).toEqual([a, true]);
    for (const a of ['8.8.8.8', '93.184.215.14', '2606:4700:4700::1111', '::ffff:8.8.8.8'])
      expect([a, isNonPublicAddress(a)]).toEqual([a, false]);
  });

  it('should refuse at save time what resolves to a non-public address, and URLs that are not plain http(s)', async () => {
    for (const url of [
      'http://127.0.0.1:9/x',
      'http://localhost/x',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]/x',
      'http://[::ffff:127.0.0.1]/x',
      'http://10.0.0.5/x',
    ])
      await expect(checkWebhookTarget(url, false)).rejects.toThrow(/loopback, link-local or private/);
    await expect(checkWebhookTarget('ftp://example.org/x', false)).rejects.toThrow(/http or https/);
    await expect(checkWebhookTarget('https://u:p@example.org/x', false)).rejects.toThrow(/credentials/);
    await expect(checkWebhookTarget('not a url', false)).rejects.toThrow(WebhookTargetError);
    await expect(checkWebhookTarget('http://no-such-host.invalid/x', false)).rejects.toThrow(/does not resolve/);
    await expect(checkWebhookTarget('http://127.0.0.1:9/x', true)).resolves.toBeUndefined();
  });

  describe('delivery', () => {
    let server: Server;
    let redirected: Server;
    let port: number;
    const calls: string[] = [];
    beforeAll(async () => {
      redirected = createServer((req, res) => {
        calls.push(`redirected ${req.url}`);
        res.end('ok');
      });
      await new Promise<void>((r) => redirected.listen(0, '127.0.0.1', r));
      const target = `http://127.0.0.1:${(redirected.address() as AddressInfo).port}/stolen`;
      server = createServer((req, res) => {
        calls.push(`${req.method} ${req.url}`);
        if (req.url === '/redirect') res.writeHead(307, { location: target }).end();
        else res.writeHead(204).end();
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(async () => {
      await new Promise((r) => server.close(r));
      await new Promise((r) => redirected.close(r));
    });

    it('should post when private targets are allowed, and never follow a redirect', async () => {
      const opts = { allowPrivate: true, timeoutMs: 2000 };
      await expect(postToWebhook(`http://127.0.0.1:${port}/hook`, '{}', {}, opts)).resolves.toBe(204);
      await expect(postToWebhook(`http://localhost:${port}/redirect`, '{}', {}, opts)).resolves.toBe(307);
      expect(calls).toEqual(['POST /hook', 'POST /redirect']);
    });

    it('should not even connect to a non-public address otherwise, by IP or by name', async () => {
      calls.length = 0;
      const opts = { allowPrivate: false, timeoutMs: 2000 };
      await expect(postToWebhook(`http://127.0.0.1:${port}/hook`, '{}', {}, opts)).rejects.toThrow(WebhookTargetError);
      await expect(postToWebhook(`http://localhost:${port}/hook`, '{}', {}, opts)).rejects.toThrow(
        /non-public address/,
      );
      expect(calls).toEqual([]);
    });
  });
});
