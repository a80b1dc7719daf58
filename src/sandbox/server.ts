import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RequestAccounting, type SandboxSystem } from './accounting.ts';
import { createAdminRouter, type SandboxEntry } from './admin-router.ts';
import { SandboxClock } from './clock.ts';
import { FaultInjector } from './faults.ts';
import type { SandboxContext, VendorSandbox } from './types.ts';

/** How the shared server builds one vendor's emulator: `{system: 'hubspot', create: (ctx) => ...}`. */
export interface VendorSandboxFactory {
  readonly system: SandboxSystem;
  create(context: SandboxContext): VendorSandbox;
}

export interface SandboxServerOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  factories: readonly VendorSandboxFactory[];
}

export interface RunningSandboxServer {
  readonly url: string;
  readonly port: number;
  readonly accounting: RequestAccounting;
  readonly entries: readonly SandboxEntry[];
  sandbox(system: SandboxSystem): SandboxEntry;
  close(): Promise<void>;
}

/**
 * Serves every vendor emulator on one port (Salesforce under /services/..., HubSpot under
 * /crm/...) plus the admin API under /__sandbox/. Listens on loopback only.
 */
export async function startSandboxServer(
  options: SandboxServerOptions,
): Promise<RunningSandboxServer> {
  const accounting = new RequestAccounting();
  let url = '';
  const entries: SandboxEntry[] = options.factories.map((factory) => {
    const context: SandboxContext = {
      system: factory.system,
      clock: new SandboxClock(),
      faults: new FaultInjector(),
      accounting,
      baseUrl: () => url,
    };
    return { sandbox: factory.create(context), context };
  });

  const app = express();
  app.disable('x-powered-by');
  app.use('/__sandbox', createAdminRouter(entries, accounting));
  for (const { sandbox } of entries) app.use(sandbox.router);
  app.use((_req, res) => {
    res
      .status(404)
      .json([{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]);
  });

  const host = options.host ?? '127.0.0.1';
  const server: Server = await new Promise((resolve, reject) => {
    // Express 5 hands a listen error (EADDRINUSE) to this callback as well.
    const listening = app.listen(options.port ?? 0, host, (error?: Error) =>
      error === undefined ? resolve(listening) : reject(error),
    );
    listening.once('error', reject);
  });
  // Keep-alive sockets would hold close() open; benchmarks reuse connections heavily.
  server.keepAliveTimeout = 5_000;
  const port = (server.address() as AddressInfo).port;
  url = `http://${host}:${port}`;

  return {
    url,
    port,
    accounting,
    entries,
    sandbox(system) {
      const entry = entries.find((candidate) => candidate.sandbox.system === system);
      if (entry === undefined) throw new Error(`No ${system} sandbox on this server`);
      return entry;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
