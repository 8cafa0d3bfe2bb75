import { Redis } from 'ioredis';
import { ExperimentError } from './errors.js';

const CONNECT_TIMEOUT_MS = 3000;

/** Parses `redis://HOST:PORT[/DB]`; anything else is an error naming the URL. */
function parseQueueUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ExperimentError('BAD_QUEUE_URL', `--queue ${url}: expected redis://HOST:PORT`);
  }
  if (parsed.protocol !== 'redis:' || parsed.hostname === '') {
    throw new ExperimentError('BAD_QUEUE_URL', `--queue ${url}: expected redis://HOST:PORT`);
  }
  return parsed;
}

/**
 * A connected ioredis client for BullMQ (which, in native ESM, wants a constructed client with
 * `maxRetriesPerRequest: null`). The first connection is tried once with a 3 s timeout, so an
 * unreachable Redis is an error naming the URL within seconds, not a hang; once connected, the
 * client reconnects after a Redis restart (BullMQ's workers then carry on).
 */
export async function connectRedis(url: string): Promise<Redis> {
  parseQueueUrl(url);
  let connected = false;
  const client = new Redis(url, {
    maxRetriesPerRequest: null,
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    retryStrategy: (times) => (connected ? Math.min(times * 200, 2000) : null),
  });
  let lastError: Error | null = null; // the socket's own error (ECONNREFUSED…), clearer than connect()'s
  client.on('error', (error) => {
    lastError = error;
  });
  try {
    await client.connect();
    connected = true;
    return client;
  } catch (error) {
    client.disconnect();
    throw new ExperimentError(
      'REDIS_UNREACHABLE',
      `cannot reach Redis at ${url} (${(lastError ?? (error as Error)).message}); start one with: redis-server --port PORT --bind 127.0.0.1 --save '' --appendonly no`,
      { cause: error },
    );
  }
}
