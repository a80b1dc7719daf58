import type { VendorSandboxFactory } from '../../../src/sandbox/server.ts';
import { createSalesforceSandbox, type SalesforceSandboxOptions } from './sandbox.ts';

/**
 * The Salesforce sandbox for the shared sandbox server:
 * `startSandboxServer({factories: [salesforceSandbox]})`, then
 * `new jsforce.Connection({instanceUrl: server.url, accessToken: SALESFORCE_SANDBOX_TOKEN, version: '62.0'})`.
 */
export const salesforceSandbox: VendorSandboxFactory = {
  system: 'salesforce',
  create: (context) => createSalesforceSandbox(context),
};

/** The same factory with options (e.g. the leadloop custom fields created up front). */
export function salesforceSandboxWith(options: SalesforceSandboxOptions): VendorSandboxFactory {
  return { system: 'salesforce', create: (context) => createSalesforceSandbox(context, options) };
}

export {
  SALESFORCE_SANDBOX_CLIENT_ID,
  SALESFORCE_SANDBOX_CLIENT_SECRET,
  SALESFORCE_SANDBOX_REFRESH_TOKEN,
  SALESFORCE_SANDBOX_TOKEN,
  SANDBOX_INTEGRATION_USERNAME,
  SANDBOX_ORG_ID,
} from './config.ts';
export type { SalesforceSandbox, SalesforceSandboxOptions } from './sandbox.ts';
export type { SalesforceSeedRequest } from './seed/seed.ts';
