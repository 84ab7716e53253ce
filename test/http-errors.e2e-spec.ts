import { connect, Socket } from 'node:net';
import { TestStack } from './helpers/stack';

/** Short, so that the slow-client cases take a second or two; long enough to finish a request during shutdown. */
const REQUEST_TIMEOUT_MS = 1500;

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: any;
}

/**
 * One HTTP/1.1 connection driven byte by byte, for what fetch cannot send: a request that stalls, oversized or
 * malformed headers, no Host, CONNECT. Responses are read by their Content-Length (every error reply has one).
 */
class RawConnection {
  private buffer = Buffer.alloc(0);
  private closedAt?: number;
  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
    });
    socket.on('error', () => undefined); // a reset after the reply is not the test's concern
    socket.on('close', () => {
      this.closedAt = Date.now();
    });
  }

  static open(baseUrl: string): Promise<RawConnection> {
    const { hostname, port } = new URL(baseUrl);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(port), hostname, () => resolve(new RawConnection(socket)));
      socket.once('error', reject);
    });
  }

  write(data: string): void {
    this.socket.write(data);
  }

  get closed(): boolean {
    return this.closedAt !== undefined;
  }

  /** The next complete response on the connection. */
  async response(timeoutMs = 10_000): Promise<RawResponse> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const parsed = this.takeResponse();
      if (parsed) return parsed;
      if (this.closed || Date.now() > deadline) {
        throw new Error(
          `no complete response (closed: ${this.closed}); received: ${JSON.stringify(this.buffer.toString('latin1'))}`,
        );
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Resolves once the server closed the connection. */
  async waitClosed(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('the server kept the connection open');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  destroy(): void {
    this.socket.destroy();
  }

  private takeResponse(): RawResponse | undefined {
    const end = this.buffer.indexOf('\r\n\r\n');
    if (end < 0) return undefined;
    const [statusLine, ...lines] = this.buffer.subarray(0, end).toString('latin1').split('\r\n');
    const headers = Object.fromEntries(
      lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
    );
    const length = Number(headers['content-length'] ?? NaN);
    if (!Number.isFinite(length))
      throw new Error(`response without Content-Length: ${statusLine} ${JSON.stringify(headers)}`);
    if (this.buffer.length < end + 4 + length) return undefined;
    const text = this.buffer.subarray(end + 4, end + 4 + length).toString('utf8');
    this.buffer = this.buffer.subarray(end + 4 + length);
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* not JSON: the assertions say so */
    }
    return { status: Number(statusLine.split(' ')[1]), headers, body };
  }
}

/** Sends `data` on a new connection and returns the one reply, after which the server must close the connection. */
async function exchange(stack: TestStack, data: string): Promise<RawResponse> {
  const conn = await RawConnection.open(stack.baseUrl);
  try {
    conn.write(data);
    const res = await conn.response();
    await conn.waitClosed();
    return res;
  } finally {
    conn.destroy();
  }
}

/** The project's error shape, exactly: no Fastify `error` field, a stable code, a request id (the header's, if any). */
function expectErrorShape(
  res: { status: number; body: any; contentType?: string | null; requestIdHeader?: string },
  status: number,
  code: string,
): void {
  expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
  expect(res.contentType).toMatch(/^application\/json/);
  expect(
    Object.keys(res.body).filter((k) => !['statusCode', 'code', 'message', 'details', 'requestId'].includes(k)),
  ).toEqual([]);
  expect(res.body).toMatchObject({
    statusCode: status,
    code,
    message: expect.any(String),
    requestId: expect.any(String),
  });
  expect(res.body.message.length).toBeGreaterThan(0);
  expect(res.body.requestId.length).toBeGreaterThan(0);
  if (res.requestIdHeader !== undefined) expect(res.requestIdHeader).toBe(res.body.requestId);
}

const shapeOf = (res: RawResponse) => ({
  status: res.status,
  body: res.body,
  contentType: res.headers['content-type'],
  requestIdHeader: res.headers['x-request-id'],
});

describe('HTTP errors: every reply of the API has the error shape, including the ones the HTTP server makes itself', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start({ worker: false, env: { HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) } });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  describe('answered by Nest (HttpErrorFilter)', () => {
    const fetched = async (
      method: string,
      url: string,
      init: { body?: string; headers?: Record<string, string> } = {},
    ) => {
      const res = await fetch(`${stack.baseUrl}${url}`, { method, body: init.body, headers: init.headers });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        /* asserted below */
      }
      return { status: res.status, body: body as any, contentType: res.headers.get('content-type') };
    };

    it('should answer an unknown route and a wrong method with 404 NOT_FOUND', async () => {
      expectErrorShape(await fetched('GET', '/no-such-route'), 404, 'NOT_FOUND');
      expectErrorShape(await fetched('DELETE', '/auth/login'), 404, 'NOT_FOUND');
      expectErrorShape(await fetched('PATCH', '/health/live'), 404, 'NOT_FOUND');
      expectErrorShape(await fetched('GET', '/docs/no-such-asset.js'), 404, 'NOT_FOUND');
      expectErrorShape(await fetched('OPTIONS', '/cases'), 404, 'NOT_FOUND');
    });

    it('should answer the queue board without a token with 401 AUTH_REQUIRED', async () => {
      expectErrorShape(await fetched('GET', '/ops/queues/api/queues'), 401, 'AUTH_REQUIRED');
    });

    it('should answer a body over the limit with 413 PAYLOAD_TOO_LARGE', async () => {
      const res = await fetched('POST', '/auth/login', {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'x', password: 'y'.repeat(stack.config.http.bodyLimitBytes) }),
      });
      expectErrorShape(res, 413, 'PAYLOAD_TOO_LARGE');
    });

    it('should answer a content type the API does not read with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
      const res = await fetched('POST', '/auth/login', {
        headers: { 'content-type': 'application/xml' },
        body: '<login/>',
      });
      expectErrorShape(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('should answer malformed JSON and an empty JSON body with 400 MALFORMED_JSON', async () => {
      const json = { 'content-type': 'application/json' };
      expectErrorShape(
        await fetched('POST', '/auth/login', { headers: json, body: '{"username": ' }),
        400,
        'MALFORMED_JSON',
      );
      expectErrorShape(await fetched('POST', '/auth/login', { headers: json, body: '' }), 400, 'MALFORMED_JSON');
      expectErrorShape(
        await fetched('POST', '/auth/login', { headers: json, body: '{"__proto__": {"admin": true}}' }),
        400,
        'MALFORMED_JSON',
      );
    });

    it('should carry the X-Request-Id the client sent as requestId', async () => {
      const res = await fetched('GET', '/no-such-route', { headers: { 'x-request-id': 'client-req-42' } });
      expect(res.body.requestId).toBe('client-req-42');
    });
  });

  describe('answered by the Fastify router (frameworkErrors)', () => {
    it('should answer a malformed percent-encoding with 400 MALFORMED_URL, not echoing the URL', async () => {
      const res = await exchange(stack, 'GET /cases/%E0%A4%A HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n');
      expectErrorShape(shapeOf(res), 400, 'MALFORMED_URL');
      expect(res.body.message).not.toContain('%E0');
    });

    it('should answer a path parameter over the router limit with 414 URI_TOO_LONG', async () => {
      const res = await exchange(
        stack,
        `GET /cases/${'a'.repeat(150)} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n`,
      );
      expectErrorShape(shapeOf(res), 414, 'URI_TOO_LONG');
    });
  });

  describe('answered by the Node HTTP server (clientError, checkExpectation, connect)', () => {
    it('should answer headers that arrive too slowly with 408 REQUEST_TIMEOUT, and close the connection', async () => {
      const started = Date.now();
      const res = await exchange(stack, 'GET /health/live HTTP/1.1\r\nHost: test\r\n'); // the blank line never comes
      expectErrorShape(shapeOf(res), 408, 'REQUEST_TIMEOUT');
      expect(res.headers.connection).toBe('close');
      expect(Date.now() - started).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
    });

    it('should answer a body that arrives too slowly with 408 REQUEST_TIMEOUT', async () => {
      const res = await exchange(
        stack,
        'POST /auth/login HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n' +
          'Content-Length: 60\r\n\r\n{"username": "officer.rabat", ',
      );
      expectErrorShape(shapeOf(res), 408, 'REQUEST_TIMEOUT');
    });

    it('should answer headers over the size limit with 431 HEADERS_TOO_LARGE', async () => {
      const res = await exchange(
        stack,
        `GET /health/live HTTP/1.1\r\nHost: test\r\nX-Padding: ${'a'.repeat(20_000)}\r\n\r\n`,
      );
      expectErrorShape(shapeOf(res), 431, 'HEADERS_TOO_LARGE');
    });

    it.each([
      ['bytes that are not HTTP', 'HELLO WORLD\r\n\r\n'],
      ['a header name with a space', 'GET /health/live HTTP/1.1\r\nHost: test\r\nBad Header: 1\r\n\r\n'],
      [
        'both Content-Length and Transfer-Encoding',
        'POST /auth/login HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\n' +
          'Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      ],
      [
        'a Content-Length that is not a number',
        'POST /auth/login HTTP/1.1\r\nHost: test\r\nContent-Length: ten\r\n\r\n',
      ],
    ])('should answer %s with 400 BAD_REQUEST', async (_label, data) => {
      expectErrorShape(shapeOf(await exchange(stack, data)), 400, 'BAD_REQUEST');
    });

    it('should answer an HTTP/1.1 request without Host with 400 BAD_REQUEST', async () => {
      const res = await exchange(stack, 'GET /health/live HTTP/1.1\r\n\r\n');
      expectErrorShape(shapeOf(res), 400, 'BAD_REQUEST');
      expect(res.body.message).toMatch(/Host/);
    });

    it('should answer an Expect other than 100-continue with 417 EXPECTATION_FAILED', async () => {
      const res = await exchange(stack, 'GET /health/live HTTP/1.1\r\nHost: test\r\nExpect: 200-ok\r\n\r\n');
      expectErrorShape(shapeOf(res), 417, 'EXPECTATION_FAILED');
    });

    it('should answer CONNECT with 405 METHOD_NOT_ALLOWED', async () => {
      const res = await exchange(stack, 'CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n');
      expectErrorShape(shapeOf(res), 405, 'METHOD_NOT_ALLOWED');
    });
  });

  // Last: it stops the API.
  describe('during shutdown', () => {
    it('should answer a request that arrives once shutdown began with 503 SHUTTING_DOWN and Retry-After', async () => {
      const conn = await RawConnection.open(stack.baseUrl);
      try {
        conn.write('GET /health/live HTTP/1.1\r\nHost: test\r\n\r\n');
        expect((await conn.response()).status).toBe(200);
        // A request already started keeps its connection open through the shutdown; it completes once shutdown began.
        conn.write('GET /health/live HTTP/1.1\r\nHost: test\r\n');
        const stopped = stack.api.stop();
        await stack.api.waitForOutput(/Shutting down: new requests get 503 SHUTTING_DOWN/, REQUEST_TIMEOUT_MS);
        conn.write('\r\n');
        const res = await conn.response();
        expectErrorShape(shapeOf(res), 503, 'SHUTTING_DOWN');
        expect(res.headers['retry-after']).toBe('1');
        expect(res.headers.connection).toBe('close');
        await conn.waitClosed();
        await stopped;
      } finally {
        conn.destroy();
      }
    });
  });
});
