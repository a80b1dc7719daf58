import { parentPort } from 'node:worker_threads';
import { startBothSandboxes } from '../../src/sandbox/start.ts';

/**
 * Both vendor sandboxes in their own thread (as `leadloop sandbox` would run them in their own
 * process): the engine under test and the emulated vendors each get one of the two cores, and
 * the engine's figures do not include the emulators' work.
 */
export interface SandboxesReady {
  readonly url: string;
  readonly salesforce: { readonly instanceUrl: string; readonly accessToken: string };
  readonly hubspot: { readonly baseUrl: string; readonly accessToken: string };
}

const sandboxes = await startBothSandboxes({ count: 0 });
const ready: SandboxesReady = {
  url: sandboxes.url,
  salesforce: sandboxes.salesforce,
  hubspot: sandboxes.hubspot,
};
parentPort!.postMessage(ready);
parentPort!.on('message', (message: unknown) => {
  if (message === 'close') void sandboxes.close().then(() => parentPort!.close());
});
