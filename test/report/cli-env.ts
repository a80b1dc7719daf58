// Imported first by cli.test.ts: the logger parses the environment when it loads, so the
// command's store (an embedded PGlite folder) and frozen clock must be set before any import.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NOW } from './dataset.ts';

export const dataDir = mkdtempSync(join(tmpdir(), 'leadloop-report-'));
delete process.env.DATABASE_URL;
process.env.LEADLOOP_DATA_DIR = dataDir;
process.env.LEADLOOP_NOW = NOW;
