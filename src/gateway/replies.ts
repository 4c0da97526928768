/** Replies the gateway writes itself, in OpenAI's error shape so clients parse them as usual. */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

const TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  404: 'not_found_error',
  413: 'invalid_request_error',
  502: 'api_error',
  503: 'api_error',
  504: 'timeout_error',
};

/** An OpenAI-shaped error from the gateway, naming the request id (never the prompt). */
export function sendGatewayError(
  res: ServerResponse,
  status: number,
  message: string,
  requestId: string,
): void {
  if (res.headersSent || res.destroyed) return;
  const body = JSON.stringify({
    error: {
      message: `${message} (request ${requestId})`,
      type: TYPES[status] ?? 'api_error',
      param: null,
      code: status,
    },
  });
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-request-id': requestId,
  });
  res.end(body);
}

/** The client's X-Request-Id when it is a sensible one (at most 200 characters), else a new UUID. */
export function requestIdOf(req: IncomingMessage): string {
  const id = req.headers['x-request-id'];
  return typeof id === 'string' && id.length > 0 && id.length <= 200 ? id : randomUUID();
}
