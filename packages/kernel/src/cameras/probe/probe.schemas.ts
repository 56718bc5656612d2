import { Type, type Static } from '@sinclair/typebox';
import { Nullable, StringEnum } from '../../contract/schemas.js';

export const ProbeBody = Type.Union(
  [
    Type.Object(
      { url: Type.String({ minLength: 1, maxLength: 2048, description: 'A stream URL (rtsp, rtsps, http, https) to open with ffprobe.' }) },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        onvif: Type.Object(
          {
            url: Type.String({ minLength: 1, maxLength: 2048, description: 'The device service URL, e.g. http://192.168.1.20/onvif/device_service.' }),
            username: Type.Optional(Type.String({ maxLength: 255 })),
            password: Type.Optional(Type.String({ maxLength: 255, description: 'Used for this call only; never returned.' })),
          },
          { additionalProperties: false },
        ),
      },
      { additionalProperties: false },
    ),
  ],
  { description: 'Either `{url}` or `{onvif: {url, username, password}}`.' },
);
export type ProbeBody = Static<typeof ProbeBody>;

const ProfileSchema = Type.Object({
  token: Type.String(),
  name: Type.String(),
  stream_url: Type.String({ description: 'Without credentials.' }),
  snapshot_url: Nullable(Type.String()),
  video: Nullable(Type.Object({ codec: Type.String(), width: Type.Integer(), height: Type.Integer(), fps: Type.Number() })),
  audio: Nullable(Type.Object({ codec: Type.String() })),
});

export const ProbeResult = Type.Object(
  {
    source: StringEnum(['stream', 'onvif'] as const),
    device: Nullable(Type.Object({ manufacturer: Type.String(), model: Type.String(), firmware: Type.String(), serial: Type.String() })),
    profiles: Type.Array(ProfileSchema),
    suggested: Type.Object({ stream_url: Type.String(), sub_stream_url: Nullable(Type.String()), onvif_url: Nullable(Type.String()) }),
    ptz: Type.Boolean(),
    warnings: Type.Array(Type.String()),
  },
  { $id: 'ProbeResult', title: 'ProbeResult' },
);
export type ProbeResult = Static<typeof ProbeResult>;
