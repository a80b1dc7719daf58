import type { RequestHandler } from 'express';
import { parseRequest } from '../../../http-error.ts';
import { respond, type ApiContext } from '../../context.ts';
import { ReplayBody, ReplayResponse } from '../../schemas.ts';

/**
 * `POST /api/dead-letters/replay` `{ids?}`: retries dead letters now and answers with each
 * one's outcome (those that fail again stay dead letters with the new error).
 */
export function replayDeadLetters({ sync }: ApiContext): RequestHandler {
  return async (request, response) => {
    const body = parseRequest(ReplayBody, request.body ?? {}, 'body');
    const outcomes = await sync.replayDeadLetters(body.ids);
    respond(response, ReplayResponse, { outcomes });
  };
}
