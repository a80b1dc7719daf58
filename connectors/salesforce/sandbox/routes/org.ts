import type { Router } from 'express';
import { NEWEST_API_VERSION, OLDEST_API_VERSION, SANDBOX_ORG_ID, releaseLabel } from '../config.ts';
import { sendJson } from '../http/respond.ts';
import { restRoute, type Pipeline } from '../http/pipeline.ts';

/**
 * The org-level REST resources: the version list (no session needed), the resources of one
 * version, and Limits (the daily API allowance as the Sforce-Limit-Info header reports it).
 */
const RESOURCES = [
  'tooling',
  'metadata',
  'eclair',
  'folders',
  'prechatForms',
  'connect',
  'chatter',
  'tabs',
  'appMenu',
  'quickActions',
  'queryAll',
  'commerce',
  'wave',
  'iot',
  'analytics',
  'search',
  'composite',
  'parameterizedSearch',
  'fingerprint',
  'theme',
  'nouns',
  'event',
  'serviceTemplates',
  'recent',
  'licensing',
  'limits',
  'process',
  'async-queries',
  'query',
  'match',
  'emailConnect',
  'compactLayouts',
  'knowledgeManagement',
  'sobjects',
  'actions',
  'support',
] as const;

export function registerOrgRoutes(router: Router, pipeline: Pipeline): void {
  const { state, context } = pipeline;

  // GET /services/data/ — public: clients pick a version before they have a session.
  router.get('/services/data', (req, res) => {
    context.accounting.record('salesforce', 'GET', req.path, 'read');
    const versions = [];
    for (let version = OLDEST_API_VERSION; version <= NEWEST_API_VERSION; version += 1) {
      versions.push({
        label: releaseLabel(version),
        url: `/services/data/v${version}.0`,
        version: `${version}.0`,
      });
    }
    sendJson(res, 200, versions);
  });

  router.get(
    '/services/data/:version',
    restRoute(pipeline, { kind: 'read' }, ({ version }) => {
      const base = `/services/data/v${version}`;
      const body: Record<string, string> = {};
      for (const name of RESOURCES) body[name] = `${base}/${name}`;
      body.identity = `${context.baseUrl()}/id/${SANDBOX_ORG_ID}/${state.users.integration}`;
      return { status: 200, body };
    }),
  );

  router.get(
    '/services/data/:version/limits',
    restRoute(pipeline, { kind: 'read' }, () => {
      const used = state.usage.used();
      // Users and groups do not count against data storage.
      const records = state
        .stores()
        .filter((store) => store.schema.name !== 'User' && store.schema.name !== 'Group')
        .reduce((sum, store) => sum + store.size, 0);
      const limit = (max: number, remaining = max) => ({ Max: max, Remaining: remaining });
      return {
        status: 200,
        body: {
          ActiveScratchOrgs: limit(3),
          AnalyticsExternalDataSizeMB: limit(40960),
          ConcurrentAsyncGetReportInstances: limit(200),
          ConcurrentSyncReportRuns: limit(20),
          DailyApiRequests: limit(state.usage.max, Math.max(0, state.usage.max - used)),
          DailyAsyncApexExecutions: limit(250000),
          DailyBulkApiBatches: limit(15000),
          DailyBulkV2QueryFileStorageMB: limit(976562),
          DailyBulkV2QueryJobs: limit(10000),
          DailyGenericStreamingApiEvents: limit(10000),
          DailyStreamingApiEvents: limit(1000000),
          DailyWorkflowEmails: limit(2300),
          // Salesforce counts most records as 2 KB of data storage.
          DataStorageMB: limit(1024, Math.max(0, 1024 - Math.ceil((records * 2) / 1024))),
          FileStorageMB: limit(20480),
          HourlyDashboardRefreshes: limit(200),
          HourlyODataCallout: limit(10000),
          HourlyPublishedPlatformEvents: limit(250000),
          HourlyTimeBasedWorkflow: limit(1000),
          MassEmail: limit(5000),
          PermissionSets: limit(1500),
          SingleEmail: limit(5000),
          StreamingApiConcurrentClients: limit(2000),
        },
      };
    }),
  );
}
