import type { RequestHandler } from 'express';
import { HttpError, parseRequest } from '../../../http-error.ts';
import { leadSummary, respond, type ApiContext } from '../../context.ts';
import { LeadDetailResponse, LeadParams } from '../../schemas.ts';

/** `GET /api/leads/:id`: the lead with its stage history, score reasons, links and clocks. */
export function getLead({ store }: ApiContext): RequestHandler {
  return async (request, response) => {
    const { id } = parseRequest(LeadParams, request.params, 'params');
    const lead = await store.leads.getById(id);
    if (lead === undefined) {
      throw new HttpError(404, 'lead.not_found', `No lead ${id}.`, {
        hint: 'List leads with GET /api/leads; ids are leadloop ids (LeadLoop_Id__c).',
      });
    }
    const [stageHistory, links, clocks, opportunities] = await Promise.all([
      store.stageHistory.ofLead(id),
      store.links.historyOfLead(id),
      store.sla.ofLead(id),
      store.opportunities.ofLeads([id]),
    ]);
    respond(response, LeadDetailResponse, {
      lead: leadSummary(lead),
      scoreReasons: lead.score?.reasons ?? [],
      stageHistory: stageHistory.map(({ stage, fromStage, at, system, actor, reason }) => ({
        stage,
        fromStage,
        at,
        system,
        actor,
        reason,
      })),
      links: links.map(({ system, object, externalId, createdAt, unlinkedAt, unlinkReason }) => ({
        system,
        object,
        externalId,
        createdAt,
        unlinkedAt,
        unlinkReason,
      })),
      slaClocks: clocks.map((c) => ({
        id: c.id,
        status: c.status,
        handoffAt: c.handoffAt,
        dueAt: c.dueAt,
        ownerId: c.ownerId,
        firstTouchAt: c.firstTouchAt,
        breachedAt: c.breachedAt,
        escalatedAt: c.escalatedAt,
        closedAt: c.closedAt,
      })),
      opportunities: opportunities.map((o) => ({
        system: o.system,
        id: o.id,
        name: o.name,
        stage: o.stage,
        amount: o.amount,
        currency: o.currency,
        closeDate: o.closeDate,
        status: o.status,
        lossReason: o.lossReason,
      })),
    });
  };
}
