import type { Router } from 'express';
import type { Pipeline } from '../http/pipeline.ts';
import { metadataEndpoint } from '../metadata/operations.ts';
import { partnerEndpoint } from '../soap/partner.ts';
import { soapRoute } from '../soap/route.ts';

/** SOAP endpoints: partner (`/services/Soap/u/{version}`) and Metadata (`/services/Soap/m/{version}`). */
export function registerSoapRoutes(router: Router, pipeline: Pipeline): void {
  const partner = soapRoute(pipeline, partnerEndpoint(pipeline.state));
  const metadata = soapRoute(pipeline, metadataEndpoint(pipeline.state));
  // jsforce posts to /services/Soap/u/62.0; the identity URLs add the org id after the version.
  router.post('/services/Soap/u/:version', partner);
  router.post('/services/Soap/u/:version/:org', partner);
  router.post('/services/Soap/m/:version', metadata);
  router.post('/services/Soap/m/:version/:org', metadata);
}
