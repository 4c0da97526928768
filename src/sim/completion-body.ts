/**
 * Reading the body of POST /v1/chat/completions and /v1/completions in the
 * order vLLM's server does, so a wrong Content-Type gets vLLM's answer:
 * 1. FastAPI decodes the body as JSON only when there is no Content-Type or
 *    its media type is application/json or application/*+json
 *    (fastapi/routing.py, get_request_handler); a decoding error is a
 *    RequestValidationError ("JSON decode error").
 * 2. The route's dependency validate_json_request
 *    (vllm/entrypoints/openai/utils.py) then requires the media type, lower
 *    case and cut at the first ";" (not trimmed), to be exactly
 *    application/json; otherwise it raises a RequestValidationError holding
 *    one string. vLLM's validation_exception_handler answers both with 400,
 *    type "Bad Request" (vLLM before the move to RequestValidationError
 *    answered 415; the simulator follows the current code).
 */
import type { IncomingMessage } from 'node:http';
import { readJson } from './http-util.ts';
import { VALIDATION_ERROR_TYPE } from './request.ts';

/** The message vLLM's handler builds from validate_json_request's error ("N validation error:" + each error). */
export const UNSUPPORTED_MEDIA_TYPE =
  "1 validation error:\n  Unsupported Media Type: Only 'application/json' is allowed";

export type CompletionBody =
  | { ok: true; value: unknown }
  | { ok: false; status: 400 | 413; message: string; param: string | null; type?: string };

/** FastAPI's test: no Content-Type at all, or application/json, or application/<anything>+json. */
function fastapiDecodesJson(contentType: string): boolean {
  if (contentType === '') return true;
  const media = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return media === 'application/json' || (media.startsWith('application/') && media.endsWith('+json'));
}

/** validate_json_request's test, exactly: `content_type.lower().split(";", maxsplit=1)[0] == "application/json"`. */
export function vllmAcceptsContentType(contentType: string): boolean {
  return contentType.toLowerCase().split(';')[0] === 'application/json';
}

/** Reads a completion request's body, answering a wrong Content-Type or bad JSON as vLLM does. */
export async function readCompletionBody(req: IncomingMessage): Promise<CompletionBody> {
  const contentType = req.headers['content-type'] ?? '';
  const unsupported = {
    ok: false as const,
    status: 400 as const,
    message: UNSUPPORTED_MEDIA_TYPE,
    param: null,
    type: VALIDATION_ERROR_TYPE,
  };
  if (!fastapiDecodesJson(contentType)) {
    req.resume();
    return unsupported;
  }
  const body = await readJson(req);
  if (!body.ok) {
    if (body.status === 413) return { ...body, param: null };
    return {
      ok: false,
      status: 400,
      message: `1 validation error:\n  body: JSON decode error, ${body.message}`,
      param: 'body',
      type: VALIDATION_ERROR_TYPE,
    };
  }
  return vllmAcceptsContentType(contentType) ? body : unsupported;
}
