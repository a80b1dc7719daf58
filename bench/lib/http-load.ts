import { Agent, request } from 'node:http';

/**
 * A fixed number of HTTP requests over keep-alive connections with bounded concurrency, timed
 * end to end. Each response is read in full; `check` sees every status and a sample of bodies.
 */
export interface LoadRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

export interface LoadPlan {
  readonly name: string;
  readonly url: string;
  readonly count: number;
  readonly concurrency: number;
  readonly recordsPerRequest: number;
  readonly make: (index: number) => LoadRequest;
  /** Throws when an answer is wrong; `body` is set for every `sampleEvery`-th request. */
  readonly check: (status: number, body: string | undefined, index: number) => void;
  readonly sampleEvery?: number;
}

export interface LoadResult {
  name: string;
  requests: number;
  records: number;
  concurrency: number;
  seconds: number;
  requestsPerSecond: number;
  recordsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  statuses: Record<string, number>;
}

/**
 * Reads the answer in full; keeps its text only for checked samples and failures, so the load
 * generator's own garbage does not steal the server's CPU on a two-core machine.
 */
function send(
  agent: Agent,
  base: URL,
  spec: LoadRequest,
  sampled: boolean,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: spec.method,
        path: spec.path,
        headers: spec.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        const keep = sampled || (res.statusCode ?? 0) >= 300;
        res.on('data', (chunk: Buffer) => {
          if (keep) chunks.push(chunk);
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: keep ? Buffer.concat(chunks).toString('utf8') : '',
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(spec.body);
  });
}

const percentile = (sorted: Float64Array, p: number) =>
  Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]! * 100) / 100;

export async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: plan.concurrency });
  const base = new URL(plan.url);
  const latencies = new Float64Array(plan.count);
  const statuses: Record<string, number> = {};
  const sampleEvery = plan.sampleEvery ?? 50;
  let next = 0;
  const started = performance.now();
  const workers = Array.from({ length: plan.concurrency }, async () => {
    while (next < plan.count) {
      const index = next++;
      const spec = plan.make(index);
      const at = performance.now();
      const sampled = index % sampleEvery === 0;
      const { status, body } = await send(agent, base, spec, sampled);
      latencies[index] = performance.now() - at;
      statuses[status] = (statuses[status] ?? 0) + 1;
      plan.check(status, sampled || status >= 300 ? body : undefined, index);
    }
  });
  await Promise.all(workers);
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort();
  return {
    name: plan.name,
    requests: plan.count,
    records: plan.count * plan.recordsPerRequest,
    concurrency: plan.concurrency,
    seconds: Math.round(seconds * 1000) / 1000,
    requestsPerSecond: Math.round(plan.count / seconds),
    recordsPerSecond: Math.round((plan.count * plan.recordsPerRequest) / seconds),
    latencyMs: {
      p50: percentile(latencies, 0.5),
      p95: percentile(latencies, 0.95),
      p99: percentile(latencies, 0.99),
      max: percentile(latencies, 1),
    },
    statuses,
  };
}
