/**
 * With MicrosoftAppId set, only requests carrying a valid Bot Framework token run a turn. The real app is started with
 * an app id; the Bot Framework signing keys (normally fetched from login.botframework.com) are replaced by a test key
 * pair, so a correctly signed token can be shown to work — which is what makes every 401 below meaningful.
 * (test/server/apiMessages.test.ts already covers "no token" and "a foreign issuer" against the test bot.)
 */
import { createHmac, generateKeyPairSync, KeyObject, sign } from 'node:crypto';
// Not exported from the package index; its static cache of signing keys is where the SDK looks them up.
import { JwtTokenExtractor } from 'botframework-connector/lib/auth/jwtTokenExtractor';
import { RunningApp, startApp } from '../helpers/app';
import { HttpConversation, savedSession, solutionsIn } from '../helpers/chat';

const APP_ID = '5a1d6f2e-3b4c-4d5e-8f90-123456789abc';
const APP_PASSWORD = 'Sup3r-Secret~AppPassword.42';
const ISSUER = 'https://api.botframework.com';
const METADATA_URL = 'https://login.botframework.com/v1/.well-known/openidconfiguration';
const SERVICE_URL = 'https://smba.trafficmanager.net/teams/';
const KID = 'test-signing-key';

const trusted = generateKeyPairSync('rsa', { modulusLength: 2048 });
const impostor = generateKeyPairSync('rsa', { modulusLength: 2048 });

const b64 = (value: object | Buffer): string => (Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value))).toString('base64url');

function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return { iss: ISSUER, aud: APP_ID, serviceurl: SERVICE_URL, nbf: now - 60, iat: now - 60, exp: now + 3600, ...overrides };
}

function rs256(payload: object, key: KeyObject = trusted.privateKey, kid = KID): string {
  const unsigned = `${b64({ alg: 'RS256', typ: 'JWT', kid })}.${b64(payload)}`;
  return `${unsigned}.${b64(sign('sha256', Buffer.from(unsigned), key))}`;
}

let running: RunningApp;

beforeAll(async () => {
  // The signing keys the SDK would download: ours, endorsed for the Teams channel.
  const publicPem = trusted.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const cache = (JwtTokenExtractor as unknown as { openIdMetadataCache: Map<string, unknown> }).openIdMetadataCache;
  cache.set(METADATA_URL, { getKey: async (kid: string) => (kid === KID ? { key: publicPem, endorsements: ['msteams'] } : null) });
  running = await startApp({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: APP_PASSWORD, LOG_LEVEL: 'trace' });
});

afterAll(() => running?.stop());

function teamsConversation(): HttpConversation {
  const conversation = new HttpConversation(running.url, 'msteams');
  return conversation;
}

async function postWith(authorization: string | undefined, conversation = teamsConversation()) {
  const headers: Record<string, string> = authorization === undefined ? {} : { Authorization: authorization };
  const result = await conversation.post(conversation.activity({ text: 'my iCloud backup failed', serviceUrl: SERVICE_URL }), running.url, headers);
  return { ...result, conversation };
}

test('a correctly signed Bot Framework token runs the turn (the test keys work)', async () => {
  const result = await postWith(`Bearer ${rs256(claims())}`);
  expect(result.status).toBe(200);
  const text = JSON.stringify(result.body);
  expect(solutionsIn(text)).toContain(1);
  expect(await savedSession(running.app.storage, result.conversation)).toBeDefined();
});

const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`;
const hs256WithAppPassword = (() => {
  const head = `${b64({ alg: 'HS256', typ: 'JWT', kid: KID })}.${b64(claims())}`;
  return `${head}.${createHmac('sha256', APP_PASSWORD).update(head).digest('base64url')}`;
})();
const tamperedPayload = (() => {
  const [head, , signature] = rs256(claims({ aud: 'someone-else' })).split('.');
  return `${head}.${b64(claims())}.${signature}`;
})();

const refused: Array<[string, string | undefined]> = [
  ['no Authorization header', undefined],
  ['an empty Bearer', 'Bearer '],
  ['a Basic header with the app id and password', `Basic ${Buffer.from(`${APP_ID}:${APP_PASSWORD}`).toString('base64')}`],
  ['garbage', 'Bearer not.a.jwt'],
  ['an unsigned token (alg "none")', `Bearer ${unsigned}`],
  ['a token signed with HS256 using the app password', `Bearer ${hs256WithAppPassword}`],
  ['a token signed by another key with the trusted key id', `Bearer ${rs256(claims(), impostor.privateKey)}`],
  ['a token signed by an unknown key id', `Bearer ${rs256(claims(), trusted.privateKey, 'unknown-kid')}`],
  ['a validly signed token whose payload was swapped', `Bearer ${tamperedPayload}`],
  ['a validly signed token for another bot', `Bearer ${rs256(claims({ aud: '00000000-0000-0000-0000-000000000000' }))}`],
  ['a validly signed token that expired an hour ago', `Bearer ${rs256(claims({ nbf: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 3600 }))}`],
  ['a validly signed token for another serviceUrl', `Bearer ${rs256(claims({ serviceurl: 'https://evil.example.com/' }))}`],
  ['a validly signed token from another issuer', `Bearer ${rs256(claims({ iss: 'https://sts.example.com/' }))}`],
];

describe('requests without a valid Bot Framework token get 401 and run no turn', () => {
  beforeEach(() => {
    // botbuilder prints every rejected token's error with console.error; that is not our log.
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  test.each(refused)('%s', async (_name, authorization) => {
    const result = await postWith(authorization);
    expect(result.status).toBe(401);
    expect(result.body).toEqual({ error: { code: 'Unauthorized', message: 'The request is not authorized' } });
    expect(await savedSession(running.app.storage, result.conversation)).toBeUndefined();
  });

  test('a refusal is logged with the request id of the refused request', async () => {
    const before = running.logs.lines.length;
    const response = await fetch(`${running.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', Authorization: `Bearer ${unsigned}`, 'X-Request-Id': 'refused-1' },
      body: JSON.stringify(teamsConversation().activity({ serviceUrl: SERVICE_URL })),
    });
    expect(response.status).toBe(401);
    await new Promise((resolve) => setImmediate(resolve));
    const lines = running.logs.lines.slice(before).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.find((l) => l.msg === '/api/messages: token rejected')).toMatchObject({ reqId: 'refused-1', level: 40 });
    expect(lines.find((l) => l.msg === 'request')).toMatchObject({ reqId: 'refused-1', status: 401 });
  });
});

test('neither the app password nor any token appears in the logs', async () => {
  const text = running.logs.text;
  expect(running.logs.entries().length).toBeGreaterThan(refused.length);
  expect(text).not.toContain(APP_PASSWORD);
  expect(text).not.toContain(hs256WithAppPassword.split('.')[2]);
  expect(text).not.toContain(unsigned.split('.')[1]);
  expect(text).not.toContain('Bearer ');
});

test('an authenticated conversation keeps working after all the refusals', async () => {
  const conversation = teamsConversation();
  const say = async (text: string) => {
    const result = await conversation.post(conversation.activity({ text, serviceUrl: SERVICE_URL }), running.url, { Authorization: `Bearer ${rs256(claims())}` });
    expect(result.status).toBe(200);
    return JSON.stringify(result.body);
  };
  expect(solutionsIn(await say('backup failed but I have space'))).toEqual([2]);
  expect(solutionsIn(await say('No, still failing'))).toEqual([3]);
});
