import { text, type XmlNode } from './soap.js';
import { profileOf, type DeviceContext, type Handler, type OnvifSource } from './device-context.js';

function profile(ctx: DeviceContext, s: OnvifSource, kind: 'main' | 'sub'): XmlNode {
  const v = kind === 'main' ? { width: s.width, height: s.height, fps: s.fps, bitrateKbps: s.bitrateKbps } : s.sub;
  const token = `${s.name}_${kind}`;
  const audio: XmlNode | undefined =
    s.audio === 'none'
      ? undefined
      : {
          '@_token': `aec_${token}`,
          'tt:Name': `audio ${token}`,
          'tt:UseCount': 1,
          'tt:Encoding': s.audio === 'aac' ? 'AAC' : 'G711',
          'tt:Bitrate': s.audio === 'aac' ? 32 : 64,
          'tt:SampleRate': s.audio === 'aac' ? 16 : 8,
        };
  return {
    '@_token': token,
    '@_fixed': 'true',
    'tt:Name': `${s.name} ${kind}`,
    'tt:VideoSourceConfiguration': {
      '@_token': `vsc_${s.name}`,
      'tt:Name': `source ${s.name}`,
      'tt:UseCount': 2,
      'tt:SourceToken': `vs_${s.name}`,
      'tt:Bounds': { '@_x': '0', '@_y': '0', '@_width': String(s.width), '@_height': String(s.height) },
    },
    'tt:VideoEncoderConfiguration': {
      '@_token': `vec_${token}`,
      'tt:Name': `encoder ${token}`,
      'tt:UseCount': 1,
      'tt:Encoding': 'H264',
      'tt:Resolution': { 'tt:Width': v.width, 'tt:Height': v.height },
      'tt:Quality': 5,
      'tt:RateControl': { 'tt:FrameRateLimit': v.fps, 'tt:EncodingInterval': 1, 'tt:BitrateLimit': v.bitrateKbps },
      'tt:H264': { 'tt:GovLength': v.fps, 'tt:H264Profile': 'Main' },
      'tt:SessionTimeout': 'PT60S',
    },
    ...(audio === undefined ? {} : { 'tt:AudioEncoderConfiguration': audio }),
    'tt:PTZConfiguration': {
      '@_token': `ptz_${s.name}`,
      'tt:Name': `ptz ${s.name}`,
      'tt:UseCount': 2,
      'tt:NodeToken': `node_${s.name}`,
      'tt:DefaultContinuousPanTiltVelocitySpace': 'http://www.onvif.org/ver10/tptz/PanTiltSpaces/VelocityGenericSpace',
      'tt:DefaultContinuousZoomVelocitySpace': 'http://www.onvif.org/ver10/tptz/ZoomSpaces/VelocityGenericSpace',
      'tt:DefaultPTZTimeout': 'PT10S',
    },
  };
}

function mediaUri(uri: string): XmlNode {
  return { 'trt:MediaUri': { 'tt:Uri': uri, 'tt:InvalidAfterConnect': false, 'tt:InvalidAfterReboot': false, 'tt:Timeout': 'PT0S' } };
}

/** Media service (ver10): profiles, video sources, stream and snapshot URIs. */
export const MEDIA_HANDLERS: Readonly<Record<string, Handler>> = {
  GetProfiles: (ctx) => ({ 'trt:GetProfilesResponse': { 'trt:Profiles': ctx.sources().flatMap((s) => [profile(ctx, s, 'main'), profile(ctx, s, 'sub')]) } }),
  GetProfile: (ctx, body) => {
    const { source, kind } = profileOf(ctx, text(body, 'ProfileToken'));
    return { 'trt:GetProfileResponse': { 'trt:Profile': profile(ctx, source, kind) } };
  },
  GetVideoSources: (ctx) => ({
    'trt:GetVideoSourcesResponse': {
      'trt:VideoSources': ctx.sources().map((s) => ({
        '@_token': `vs_${s.name}`,
        'tt:Framerate': s.fps,
        'tt:Resolution': { 'tt:Width': s.width, 'tt:Height': s.height },
      })),
    },
  }),
  GetStreamUri: (ctx, body) => {
    const { source, kind } = profileOf(ctx, text(body, 'ProfileToken'));
    return { 'trt:GetStreamUriResponse': mediaUri(kind === 'main' ? source.mainUrl : source.sub.url) };
  },
  GetSnapshotUri: (ctx, body) => {
    const { source } = profileOf(ctx, text(body, 'ProfileToken'));
    return { 'trt:GetSnapshotUriResponse': mediaUri(`${ctx.baseUrl}/onvif/snapshot/${encodeURIComponent(source.name)}.jpg`) };
  },
};

