/**
 * RTSP server parts shared by the camera simulator and the kernel's restream: request parsing,
 * responses, digest authentication, SDP, transport headers, RTP packetisation (H.264, AAC) and RTCP.
 */
export { aacRtpPayload, AAC_SAMPLES_PER_FRAME, parseAdts, type AdtsStream } from './aac.js';
export { MAX_H264_PAYLOAD, packetizeAccessUnit, packetizeNal } from './h264-packetizer.js';
export { buildSenderReport, type SenderReportFields } from './rtcp.js';
export { buildTemplate, rechannel, stampTemplate, type PacketTemplate } from './rtp-template.js';
export {
  challenge,
  digestResponse,
  parseAuthParams,
  parseDigestAuthorization,
  verifyAuthorization,
  verifyDigest,
  type AuthConfig,
  type AuthScheme,
  type DigestInput,
} from './rtsp-auth.js';
export { MAX_HEADER_BYTES, RtspRequestParser, type RtspMessage, type RtspRequest } from './rtsp-parser.js';
export { DEFAULT_SERVER_NAME, formatResponse } from './rtsp-response.js';
export { parseRtspUri, type RtspTarget } from './rtsp-uri.js';
export { aacFmtp, buildSdp, h264Fmtp, type SdpSession, type SdpTrack } from './sdp.js';
export { parseTransport, type InterleavedTransport } from './transport-header.js';
