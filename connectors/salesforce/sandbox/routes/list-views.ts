import type { Router } from 'express';
import { notFound } from '../http/errors.ts';
import { restRoute, type Pipeline } from '../http/pipeline.ts';
import type { Component } from '../metadata/metadata-store.ts';
import { objectStore } from './context.ts';

/**
 * The REST view of list views the Metadata API created (jsforce's `sobject(T).listviews()`):
 * `GET /sobjects/{T}/listviews` and `/sobjects/{T}/listviews/{id}`, in Salesforce's shape, so a
 * doctor check can see that setup's views exist. Their describe and results are not emulated.
 */
function entry(component: Component, type: string, version: string) {
  const url = `/services/data/v${version}/sobjects/${type}/listviews/${component.id}`;
  const name = component.fullName.slice(component.fullName.indexOf('.') + 1);
  const label = component.definition.label;
  return {
    describeUrl: `${url}/describe`,
    developerName: name,
    id: component.id,
    label: typeof label === 'string' ? label : name,
    resultsUrl: `${url}/results`,
    soqlCompatible: true,
    url,
  };
}

export function registerListViewRoutes(router: Router, pipeline: Pipeline): void {
  const { state } = pipeline;
  const base = '/services/data/:version/sobjects/:type/listviews';
  const views = (type: string) =>
    state.metadata
      .list('ListView')
      .filter((view) => view.fullName.split('.')[0]?.toLowerCase() === type.toLowerCase());

  router.get(
    base,
    restRoute(pipeline, { kind: 'read' }, ({ params, version }) => {
      const type = objectStore(pipeline, params.type).schema.name;
      const listviews = views(type)
        .map((view) => entry(view, type, version))
        .sort((a, b) => a.label.localeCompare(b.label));
      return {
        status: 200,
        body: {
          done: true,
          listviews,
          nextRecordsUrl: null,
          size: listviews.length,
          sobjectType: type,
        },
      };
    }),
  );

  router.get(
    `${base}/:id`,
    restRoute(pipeline, { kind: 'read' }, ({ params, version }) => {
      const type = objectStore(pipeline, params.type).schema.name;
      const view = views(type).find(
        (candidate) => candidate.id.slice(0, 15) === params.id?.slice(0, 15),
      );
      if (view === undefined) throw notFound();
      return { status: 200, body: entry(view, type, version) };
    }),
  );
}
