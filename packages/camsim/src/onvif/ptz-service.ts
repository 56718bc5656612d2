import { attr, child, text, type XmlNode } from './soap.js';
import { OnvifFault, isoSeconds, profileOf, type DeviceContext, type Handler } from './device-context.js';
import { parseDuration } from './pull-point.js';
import type { PtzPosition } from './ptz-state.js';

const PAN_TILT_SPACE = 'http://www.onvif.org/ver10/tptz/PanTiltSpaces/PositionGenericSpace';
const ZOOM_SPACE = 'http://www.onvif.org/ver10/tptz/ZoomSpaces/PositionGenericSpace';

function head(ctx: DeviceContext, body: XmlNode) {
  return ctx.ptz(profileOf(ctx, text(body, 'ProfileToken')).source.name);
}

function vector(node: XmlNode): PtzPosition {
  const num = (v: string | undefined) => {
    const n = v === undefined ? 0 : Number(v);
    if (!Number.isFinite(n)) throw new OnvifFault(400, 'Sender', 'ter:InvalidArgVal', `not a number: ${v}`);
    return n;
  };
  const panTilt = child(node, 'PanTilt');
  return { pan: num(attr(panTilt, 'x')), tilt: num(attr(panTilt, 'y')), zoom: num(attr(child(node, 'Zoom'), 'x')) };
}

function position(p: PtzPosition): XmlNode {
  return {
    'tt:PanTilt': { '@_x': String(p.pan), '@_y': String(p.tilt), '@_space': PAN_TILT_SPACE },
    'tt:Zoom': { '@_x': String(p.zoom), '@_space': ZOOM_SPACE },
  };
}

/** PTZ service (ver20): continuous moves, status and presets. */
export const PTZ_HANDLERS: Readonly<Record<string, Handler>> = {
  ContinuousMove: (ctx, body) => {
    const timeout = text(body, 'Timeout');
    head(ctx, body).move(vector(child(body, 'Velocity')), timeout === undefined ? undefined : parseDuration(timeout));
    return { 'tptz:ContinuousMoveResponse': '' };
  },
  Stop: (ctx, body) => {
    head(ctx, body).stop();
    return { 'tptz:StopResponse': '' };
  },
  GetStatus: (ctx, body) => {
    const h = head(ctx, body);
    const moving = h.moving() ? 'MOVING' : 'IDLE';
    return {
      'tptz:GetStatusResponse': {
        'tptz:PTZStatus': {
          'tt:Position': position(h.position()),
          'tt:MoveStatus': { 'tt:PanTilt': moving, 'tt:Zoom': moving },
          'tt:UtcTime': isoSeconds(ctx.deviceNow()),
        },
      },
    };
  },
  GetPresets: (ctx, body) => ({
    'tptz:GetPresetsResponse': {
      'tptz:Preset': head(ctx, body)
        .listPresets()
        .map((p) => ({ '@_token': p.token, 'tt:Name': p.name, 'tt:PTZPosition': position(p.position) })),
    },
  }),
  SetPreset: (ctx, body) => {
    const name = text(body, 'PresetName') ?? '';
    if (name.trim() === '') throw new OnvifFault(400, 'Sender', 'ter:InvalidArgVal', 'a preset needs a name');
    return { 'tptz:SetPresetResponse': { 'tptz:PresetToken': head(ctx, body).setPreset(name, text(body, 'PresetToken')) } };
  },
  GotoPreset: (ctx, body) => {
    const token = text(body, 'PresetToken') ?? '';
    if (!head(ctx, body).gotoPreset(token)) throw new OnvifFault(400, 'Sender', 'ter:InvalidArgVal', `no preset with token ${token}`);
    return { 'tptz:GotoPresetResponse': '' };
  },
};
