import { OnvifFault, type DeviceContext, type Handler, type OnvifSource } from './device-context.js';
import { text, type XmlNode } from './soap.js';

/**
 * ONVIF Profile G, as far as a replaying client needs it: the recording service lists one recording
 * per camera (`rec_<camera>`, its source the camera's video source), and the replay service hands out
 * its replay URI, `rtsp://…/<camera>/recording`. Which span is played is not in the URI: the client
 * sends it in PLAY (`Range: clock=…`, `Require: onvif-replay`; rtsp-connection.ts).
 */
function recordingOf(ctx: DeviceContext, token: string | undefined): OnvifSource {
  const m = token === undefined ? null : /^rec_(.+)$/.exec(token);
  const source = m === null ? undefined : ctx.sources().find((s) => s.name === m[1]);
  if (source === undefined) throw new OnvifFault(400, 'Sender', 'ter:InvalidArgVal', `no recording with token ${token ?? '(none)'}`);
  return source;
}

export const REPLAY_HANDLERS: Readonly<Record<string, Handler>> = {
  GetRecordings: (ctx) => ({
    'trc:GetRecordingsResponse': {
      'trc:RecordingItem': ctx.sources().map((s) => ({
        'tt:RecordingToken': `rec_${s.name}`,
        'tt:Configuration': {
          'tt:Source': { 'tt:SourceId': `vs_${s.name}`, 'tt:Name': s.name, 'tt:Location': '', 'tt:Description': '', 'tt:Address': s.mainUrl },
          'tt:Content': `${s.name} continuous`,
          'tt:MaximumRetentionTime': 'PT0S',
        },
        'tt:Tracks': { 'tt:Track': { 'tt:TrackToken': 'VIDEO001', 'tt:Configuration': { 'tt:TrackType': 'Video', 'tt:Description': '' } } },
      })),
    },
  }),
  GetReplayUri: (ctx, body: XmlNode) => {
    const source = recordingOf(ctx, text(body, 'RecordingToken'));
    return { 'trp:GetReplayUriResponse': { 'trp:Uri': `${source.mainUrl}/recording` } };
  },
};
