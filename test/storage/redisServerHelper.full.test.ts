/** The test helper itself: it runs a real, private redis-server, and fails loudly (never skips) when none is installed. */
import { connect } from 'net';
import Redis from 'ioredis';
import { startRedisServer } from '../helpers/redisServer';

const savedBin = process.env.REDIS_SERVER_BIN;
afterEach(() => {
  if (savedBin === undefined) delete process.env.REDIS_SERVER_BIN;
  else process.env.REDIS_SERVER_BIN = savedBin;
});

test('starts redis-server on 127.0.0.1 without persistence, and stops it', async () => {
  const server = await startRedisServer();
  expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
  const client = new Redis(server.url);
  expect(await client.config('GET', 'save')).toEqual(['save', '']);
  expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'no']);
  expect(await client.config('GET', 'bind')).toEqual(['bind', '127.0.0.1']);
  await client.quit();
  await server.stop();
  const refused = await new Promise<string>((resolve) => {
    const socket = connect(server.port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
  expect(refused).toBe('ECONNREFUSED');
});

test('a missing redis-server is an error that says how to install it', async () => {
  process.env.REDIS_SERVER_BIN = '/nonexistent/redis-server';
  await expect(startRedisServer()).rejects.toThrow(/redis-server is not installed.*apt-get install -y redis-server/s);
});
