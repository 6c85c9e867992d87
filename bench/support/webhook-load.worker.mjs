import { parentPort, workerData } from 'node:worker_threads';

/**
 * Load generator for the webhook benchmark, in a worker thread so the client's own CPU does not count against the
 * server's event loop. Sends `events` distinct completions with `concurrency` requests in flight.
 */
const { url, secret, events, concurrency, offset } = workerData;
const latencies = [];
let failures = 0;
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < events) {
      const i = offset + next++;
      const body = new URLSearchParams({
        hash: i.toString(16).padStart(40, '0'),
        name: `Book ${i} - Author & Co`,
        category: 'audiobooks',
        tags: 'shelfkeeper',
        size: '734003200',
        file_count: '12',
        save_path: '/downloads',
      });
      const t0 = performance.now();
      const res = await fetch(`${url}/webhooks/qbittorrent`, {
        method: 'POST',
        headers: { 'x-webhook-secret': secret, 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
      await res.arrayBuffer();
      latencies.push(performance.now() - t0);
      if (res.status !== 202) failures += 1;
    }
  }),
);
parentPort.postMessage({ latencies, failures, seconds: (performance.now() - started) / 1000 });
