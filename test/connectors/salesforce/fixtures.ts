import { readFileSync } from 'node:fs';

/** Vendor-shaped JSON from test/fixtures/salesforce/connector/. */
export function fixture(name: string): unknown {
  const url = new URL(`../../fixtures/salesforce/connector/${name}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8'));
}
