import pg from 'pg';

/**
 * One PostgreSQL connection of its own, outside the pool: what LISTEN and session-level advisory
 * locks need, since both belong to a connection and a pooled one is handed to other queries (and
 * a lock would be released, or a LISTEN lost, whenever the pool replaced it). An 'error' on it is
 * handed to `onError` (the owner reconnects) instead of ending the process.
 */
export async function openDedicatedConnection(url: string, purpose: string, onError: (e: Error) => void): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: `heldar ${purpose}` });
  client.on('error', onError);
  try {
    await client.connect();
  } catch (e: unknown) {
    client.removeListener('error', onError);
    await client.end().catch(() => undefined); // never connected: nothing to close
    throw e;
  }
  return client;
}
