const STATUS_TEXT: Readonly<Record<number, string>> = {
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  453: 'Not Enough Bandwidth',
  454: 'Session Not Found',
  455: 'Method Not Valid in This State',
  457: 'Invalid Range',
  459: 'Aggregate Operation Not Allowed',
  461: 'Unsupported Transport',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
  505: 'RTSP Version Not Supported',
  551: 'Option not supported',
};

/** The Server header when the caller names none (the camera simulator's). */
export const DEFAULT_SERVER_NAME = 'heldar-camsim/0.1';

/** One RTSP response; CSeq is echoed first as clients match replies by it. */
export function formatResponse(
  status: number,
  cseq: string | undefined,
  headers: ReadonlyArray<readonly [string, string]> = [],
  body?: string,
  serverName = DEFAULT_SERVER_NAME,
): Buffer {
  const lines = [`RTSP/1.0 ${status} ${STATUS_TEXT[status] ?? 'Unknown'}`];
  if (cseq !== undefined) lines.push(`CSeq: ${cseq}`);
  lines.push(`Server: ${serverName}`, `Date: ${new Date().toUTCString()}`);
  for (const [k, v] of headers) lines.push(`${k}: ${v}`);
  const bodyBuf = body === undefined ? undefined : Buffer.from(body, 'utf8');
  if (bodyBuf !== undefined) lines.push(`Content-Length: ${bodyBuf.length}`);
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  return bodyBuf === undefined ? head : Buffer.concat([head, bodyBuf]);
}
