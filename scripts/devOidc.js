#!/usr/bin/env node
/**
 * A local OpenID Connect provider for development and tests (the well-kept oidc-provider, a devDependency), on
 * 127.0.0.1 — never for production. Its sign-in page accepts any password for the demo accounts below.
 *
 *   npm run dev:oidc              → http://127.0.0.1:4000, client "support-bot" / secret "dev-secret"
 *   then in .env:  OIDC_ISSUER=http://127.0.0.1:4000  OIDC_CLIENT_ID=support-bot  OIDC_CLIENT_SECRET=dev-secret
 *                  PUBLIC_URL=http://127.0.0.1:3978    (and no AGENT_KEY)
 *
 * Demo accounts (login name → claims): sam and alex are agents (alex is also an admin), casey is neither.
 * Tests use startDevOidcProvider() with their own port and redirect URIs.
 *
 * Why oidc-provider 7 and not 9: 9 is ESM-only. Node's require() loads it (22.12+), but Jest's module loader does
 * not: in test/auth/oidc.full.test.ts `require('oidc-provider')@9` fails with "Must use import to load ES Module"
 * unless the whole Jest run gets NODE_OPTIONS=--experimental-vm-modules (checked with Jest 30.5 on Node 24.22).
 */
'use strict';
const http = require('node:http');

const DEMO_ACCOUNTS = {
  sam: { name: 'Sam Rivera', email: 'sam@contoso.example', roles: ['Support.Agent'] },
  alex: { name: 'Alex Chen', email: 'alex@contoso.example', roles: ['Support.Agent', 'Support.Admin'] },
  casey: { name: 'Casey Jordan', email: 'casey@contoso.example', roles: [] },
};

/**
 * Starts a provider. options: { host = '127.0.0.1', port = 0, clientId, clientSecret, redirectUris, accounts }.
 * Resolves to { issuer, close(), provider }.
 */
async function startDevOidcProvider(options = {}) {
  const { Provider } = require('oidc-provider');
  const host = options.host || '127.0.0.1';
  const accounts = options.accounts || DEMO_ACCOUNTS;
  const server = http.createServer();
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port || 0, host, resolve);
  });
  const issuer = `http://${host}:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId || 'support-bot',
        client_secret: options.clientSecret || 'dev-secret',
        redirect_uris: options.redirectUris || ['http://127.0.0.1:3978/auth/callback'],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    async findAccount(_ctx, id) {
      const account = accounts[id];
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, name: account.name, email: account.email, roles: account.roles }) };
    },
    claims: { openid: ['sub'], profile: ['name', 'roles'], email: ['email'] },
    // Entra ID puts app roles in the ID token; so does this provider.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true, methods: ['S256'] },
    cookies: { keys: ['dev-oidc-provider-cookie-key'] },
    ttl: { AccessToken: 3600, AuthorizationCode: 600, IdToken: 3600, Interaction: 3600, Grant: 86400, Session: 86400 },
    // First-party client: no consent screen (like an admin-consented Entra ID app).
    async loadExistingGrant(ctx) {
      const grantId = (ctx.oidc.result && ctx.oidc.result.consent && ctx.oidc.result.consent.grantId) || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid profile email');
      grant.addOIDCClaims(['name', 'email', 'roles']);
      await grant.save();
      return grant;
    },
  });
  server.on('request', provider.callback());
  return {
    issuer,
    provider,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

module.exports = { startDevOidcProvider, DEMO_ACCOUNTS };

if (require.main === module) {
  const port = Number(process.env.OIDC_DEV_PORT || 4000);
  const publicUrl = (process.env.PUBLIC_URL || 'http://127.0.0.1:3978').replace(/\/+$/, '');
  startDevOidcProvider({ port, redirectUris: [`${publicUrl}/auth/callback`] }).then(
    ({ issuer }) => {
      process.stdout.write(
        [
          `Local OpenID Connect provider at ${issuer} (development only)`,
          'Start the bot with:',
          `  OIDC_ISSUER=${issuer} OIDC_CLIENT_ID=support-bot OIDC_CLIENT_SECRET=dev-secret PUBLIC_URL=${publicUrl} npm start`,
          'Then open /agent and sign in as sam or alex (agents; alex is also an admin) or casey (neither), any password.',
          '',
        ].join('\n'),
      );
    },
    (error) => {
      process.stderr.write(`dev OIDC provider: ${error.message}\n`);
      process.exit(1);
    },
  );
}
