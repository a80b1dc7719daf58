import { parentPort } from 'node:worker_threads';
import { startSandboxServer, type VendorSandboxFactory } from '../../src/sandbox/server.ts';
import { hubspotSandbox } from '../../connectors/hubspot/sandbox/index.ts';

/**
 * Runs the shared sandbox server in its own thread, so the benchmark's client and the server
 * each get a core and the figures measure the server, not the load generator.
 */
export interface WorkerReady {
  url: string;
  systems: string[];
  tokens: Record<string, string>;
  /** Why the Salesforce sandbox is missing, when it is. */
  salesforce?: string;
}

async function salesforceFactory(): Promise<VendorSandboxFactory | string> {
  // A variable specifier: the Salesforce sandbox is another engineer's work and may not exist yet.
  const specifier = '../../connectors/salesforce/sandbox/index.ts';
  try {
    const module = (await import(specifier)) as { salesforceSandbox?: VendorSandboxFactory };
    return (
      module.salesforceSandbox ??
      'connectors/salesforce/sandbox/index.ts exports no salesforceSandbox'
    );
  } catch (error) {
    return `connectors/salesforce/sandbox/index.ts not loadable: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
  }
}

const salesforce = await salesforceFactory();
const factories = typeof salesforce === 'string' ? [hubspotSandbox] : [hubspotSandbox, salesforce];
const server = await startSandboxServer({ port: 0, factories });
const tokens = Object.fromEntries(
  server.entries.map(({ sandbox }) => [sandbox.system, sandbox.staticTokens[0] ?? '']),
);
const ready: WorkerReady = {
  url: server.url,
  systems: server.entries.map(({ sandbox }) => sandbox.system),
  tokens,
  ...(typeof salesforce === 'string' ? { salesforce } : {}),
};
parentPort!.postMessage(ready);
parentPort!.on('message', (message: unknown) => {
  if (message === 'close') void server.close().then(() => parentPort!.close());
});
