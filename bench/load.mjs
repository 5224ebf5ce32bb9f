// A small closed-loop load generator: `concurrency` keep-alive connections, each sending the next
// raw JSON-RPC tools/call as soon as the previous one is answered. Bounded in time and in count.
// The generated servers are stateless (a tools/call needs no initialize first), so every request
// is one complete tool call.
import { Agent, request } from 'node:http';
import { percentile } from './lib.mjs';

const BODY = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'tools/call',
  params: { name: 'greet', arguments: { name: 'bench' } },
});
const EXPECTED = '"Hello, bench!';
const LIMITED = 'rate limit exceeded';
const RATE_LIMITED = Symbol('rate limited');
const REQUEST_TIMEOUT_MS = 10_000;

function call(agent, url, headers) {
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'content-length': Buffer.byteLength(BODY),
          ...headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('error', (error) => resolve(error.message)); // e.g. the connection reset mid-answer
        res.on('end', () => {
          if (res.statusCode === 200 && text.includes(EXPECTED)) return resolve(null);
          // Refused by a rate limit: an HTTP 429, or the tool error of mcify's rateLimit().
          if (res.statusCode === 429 || (res.statusCode === 200 && text.includes(LIMITED))) return resolve(RATE_LIMITED);
          resolve(`HTTP ${res.statusCode}: ${text.slice(0, 200)}`);
        });
      },
    );
    // No call waits forever (a stopped or dying server): it fails after REQUEST_TIMEOUT_MS.
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    req.on('error', (error) => resolve(error.message));
    req.end(BODY);
  });
}

/**
 * Sends tool calls (`headers()` gives each one's headers) for `seconds` (after `warmup` seconds not counted) or until `maxRequests`.
 * Returns { requests, limited, errors, firstError, seconds, rps, answeredRps, p50, p99, serverCpuMs } with latencies in ms:
 * `requests` and `rps` count successful calls only; `limited` counts calls refused by a rate limit
 * (answered, not successes); p50 and p99 are over every answered call (successful or refused).
 * `serverCpuMs` is what `cpu()` (the server's CPU time so far) grew by while the calls were counted.
 */
export async function load(url, headers, { seconds = 5, warmup = 1, concurrency = 16, maxRequests = 500_000, cpu = () => NaN } = {}) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies = [];
  let ok = 0;
  let limited = 0;
  let errors = 0;
  let firstError;
  let measuring = false;
  let sent = 0;
  const begin = performance.now();
  const warmEnd = begin + warmup * 1000;
  const end = warmEnd + seconds * 1000;
  let measureStart = warmEnd;
  let cpuAtStart = NaN;
  let cpuAtEnd;
  const endTimer = setTimeout(() => (cpuAtEnd = cpu()), end - begin);
  const worker = async () => {
    while (sent < maxRequests) {
      const now = performance.now();
      if (now >= end) break;
      if (!measuring && now >= warmEnd) {
        measuring = true;
        measureStart = now;
        cpuAtStart = cpu();
      }
      const counted = measuring;
      if (counted) sent += 1;
      const error = await call(agent, url, headers());
      const done = performance.now();
      if (!counted || done > end) continue;
      if (error === RATE_LIMITED) {
        limited += 1;
        latencies.push(done - now);
      } else if (error) {
        errors += 1;
        firstError ??= error;
      } else {
        ok += 1;
        latencies.push(done - now);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  clearTimeout(endTimer);
  cpuAtEnd ??= cpu(); // stopped early, at maxRequests
  const elapsed = (Math.min(performance.now(), end) - measureStart) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: ok,
    limited,
    errors,
    firstError,
    seconds: elapsed,
    rps: ok / elapsed,
    answeredRps: (ok + limited) / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    serverCpuMs: cpuAtEnd - cpuAtStart,
  };
}
