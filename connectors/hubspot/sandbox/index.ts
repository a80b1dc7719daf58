import type { VendorSandboxFactory } from '../../../src/sandbox/server.ts';
import { createHubspotSandbox, type HubspotSandboxOptions } from './sandbox.ts';

/**
 * The HubSpot sandbox for the shared sandbox server:
 * `startSandboxServer({factories: [hubspotSandbox]})`, then
 * `new Client({accessToken: HUBSPOT_SANDBOX_TOKEN, basePath: server.url})`.
 */
export const hubspotSandbox: VendorSandboxFactory = {
  system: 'hubspot',
  create: (context) => createHubspotSandbox(context),
};

/** The same factory with options (e.g. leadloop properties created up front). */
export function hubspotSandboxWith(options: HubspotSandboxOptions): VendorSandboxFactory {
  return { system: 'hubspot', create: (context) => createHubspotSandbox(context, options) };
}

export {
  HUBSPOT_SANDBOX_TOKEN,
  SANDBOX_APP_ID,
  SANDBOX_PORTAL_ID,
  SANDBOX_UI_USER_ID,
} from './config.ts';
export type { HubspotSandbox, HubspotSandboxOptions } from './sandbox.ts';
