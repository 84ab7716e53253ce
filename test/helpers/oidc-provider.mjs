// A local OpenID Connect provider for the sign-in tests (oidc-provider is ESM, so it runs here as a child process).
// Usage: node test/helpers/oidc-provider.mjs <port> <client_id> <client_secret> <redirect_uri>
// It prints "OIDC provider ready <issuer>" when listening. Who signs in is chosen by the test: POST /test/next-login
// with {"username": "..."} (the next authorization logs that account in without a form and grants consent), so the
// tests drive the whole authorization code flow with plain HTTP requests.
import http from 'node:http';
import Provider from 'oidc-provider';

const [port, clientId, clientSecret, redirectUri] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;
let nextLogin = null;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  pkce: { required: () => true },
  claims: { openid: ['sub'], profile: ['preferred_username', 'name'], email: ['email', 'email_verified'] },
  findAccount: (_ctx, id) => ({
    accountId: id,
    claims: () => ({ sub: id, preferred_username: id, name: id, email: `${id}@example.org`, email_verified: true }),
  }),
  features: { devInteractions: { enabled: false } },
  // The account signs in and consents in one step: grant what the client asked for.
  loadExistingGrant: async (ctx) => {
    if (!ctx.oidc.session.accountId) return undefined;
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid profile email');
    await grant.save();
    return grant;
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  cookies: { keys: ['test-only-cookie-key-0123456789'] },
});

const callback = provider.callback();
const server = http.createServer(async (req, res) => {
  try {
    if (req.method === 'POST' && req.url === '/test/next-login') {
      let body = '';
      for await (const chunk of req) body += chunk;
      nextLogin = JSON.parse(body).username;
      res.writeHead(204).end();
      return;
    }
    if (req.url?.startsWith('/interaction/')) {
      if (!nextLogin) {
        res.writeHead(403, { 'content-type': 'text/plain' }).end('no login prepared');
        return;
      }
      const accountId = nextLogin;
      nextLogin = null;
      await provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false });
      return;
    }
    callback(req, res);
  } catch (err) {
    res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err));
  }
});
server.listen(Number(port), '127.0.0.1', () => process.stdout.write(`OIDC provider ready ${issuer}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
