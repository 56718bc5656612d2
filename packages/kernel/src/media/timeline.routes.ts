import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CameraService } from '../cameras/camera.service.js';
import { CameraIdParams } from '../cameras/camera.schemas.js';
import type { Clock } from '../clock.js';
import { BadRequest } from '../errors.js';
import { Nullable, Rfc3339, errorResponses } from '../contract/schemas.js';
import { parseRfc3339, toRfc3339, toRfc3339OrNull } from '../time.js';
import { cutAt } from './coverage.js';
import { timelineBackfill, type TimelineBackfillSource } from './timeline-backfill.js';
import type { TimelineHistory } from './timeline-history.js';
import type { Timeline } from './timeline.js';

const DAY_MS = 86_400_000;
/** A month view plus its edges; a cold month costs one index scan (see Timeline). */
export const MAX_TIMELINE_MS = 31 * DAY_MS;
/** Six calendar weeks of day summaries: the largest month grid. */
export const MAX_DAYS_MS = 62 * DAY_MS;

export interface TimelineRoutesDeps {
  timeline: Timeline;
  history: TimelineHistory;
  cameras: CameraService;
  clock: Clock;
  timeZone: string;
  /** Gap backfill's rows and backfilled spans; none without it. */
  backfill?: TimelineBackfillSource;
}

const TimelineQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ description: 'RFC 3339; default: `to` minus one day.' })),
    to: Type.Optional(Type.String({ description: 'RFC 3339; default: now.' })),
  },
  { additionalProperties: false },
);

const DaysQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ description: 'RFC 3339; default: `to` minus 30 days.' })),
    to: Type.Optional(Type.String({ description: 'RFC 3339; default: now.' })),
  },
  { additionalProperties: false },
);

const IntervalSchema = Type.Object({ from: Rfc3339, to: Rfc3339 });

const PeriodSchema = Type.Object({
  from: Rfc3339,
  to: Rfc3339,
  kind: Type.Union([Type.Literal('recorded'), Type.Literal('outage'), Type.Literal('not_recording')], {
    description: '`recorded`: footage. `outage`: the camera should have been recording and was not (camera or recorder failure, Heldar not running). `not_recording`: nothing recorded by design.',
  }),
  reason: Type.Union(
    [
      Type.Literal('footage'),
      Type.Literal('camera_offline'),
      Type.Literal('no_footage'),
      Type.Literal('before_camera_existed'),
      Type.Literal('camera_disabled'),
      Type.Literal('recording_disabled'),
      Type.Literal('outside_schedule'),
      Type.Literal('waiting_for_trigger'),
      Type.Literal('being_written'),
    ],
    {
      description:
        'recorded: `footage`. outage: `camera_offline` (the recorder reported the camera unreachable or failing; see detail) or `no_footage` (it should have been recording: nothing was indexed). not_recording: `before_camera_existed`, `camera_disabled`, `recording_disabled` (current setting, since its last change), `outside_schedule`, `waiting_for_trigger` (an event camera between triggers), `being_written` (the segment ffmpeg is writing now).',
    },
  ),
  detail: Nullable(Type.String({ description: 'For camera_offline: what the recorder reported (credentials masked).' })),
});

const TimelineSchema = Type.Object(
  {
    camera_id: Type.String(),
    from: Rfc3339,
    to: Rfc3339,
    spans: Type.Array(IntervalSchema, { description: 'Recorded stretches; seams under 1 s between segments are closed.' }),
    gaps: Type.Array(IntervalSchema, {
      description: 'Unrecorded stretches of at least 1 s, and any unrecorded time at the edges, up to now (the future is no gap). `periods` says why each is unrecorded.',
    }),
    periods: Type.Array(PeriodSchema, {
      description: 'The range up to now, cut into recorded, outage and not_recording periods, in order and without overlap; nothing after now.',
    }),
    covered_seconds: Type.Number(),
    backfilled: Type.Array(IntervalSchema, {
      description: 'The parts of `spans` whose footage was fetched afterwards from the camera’s own storage (gap backfill), seam-merged: drawn apart from live footage.',
    }),
    backfill: Type.Array(
      Type.Object({
        from: Rfc3339,
        to: Rfc3339,
        state: Type.Union([Type.Literal('pending'), Type.Literal('filling'), Type.Literal('filled'), Type.Literal('failed'), Type.Literal('unavailable')]),
        error: Nullable(Type.String()),
      }),
      { description: 'Recording gaps found by gap backfill in the range and how far filling them got (see GET /api/backfill/gaps).' },
    ),
  },
  { $id: 'Timeline', title: 'Timeline' },
);

const DaySchema = Type.Object({
  date: Type.String({ description: 'YYYY-MM-DD in the server time zone (HELDAR_TZ).' }),
  from: Rfc3339,
  to: Rfc3339,
  recorded_seconds: Type.Number(),
  first: Nullable(Rfc3339),
  last: Nullable(Rfc3339),
});

const DaysSchema = Type.Object(
  {
    camera_id: Type.String(),
    time_zone: Type.String(),
    from: Rfc3339,
    to: Rfc3339,
    days: Type.Array(DaySchema),
  },
  { $id: 'TimelineDays', title: 'TimelineDays' },
);

function parseSpan(query: { from?: string; to?: string }, now: number, defaultMs: number, maxMs: number): { from: number; to: number } {
  const to = query.to === undefined ? now : parseRfc3339(query.to, 'to');
  const from = query.from === undefined ? to - defaultMs : parseRfc3339(query.from, 'from');
  if (to <= from) throw new BadRequest('`to` must be after `from`');
  if (to - from > maxMs) throw new BadRequest(`range too long (${Math.round((to - from) / 1000)}s); max ${maxMs / 1000}s`);
  return { from, to };
}

const toInterval = (i: { from: number; to: number }) => ({ from: toRfc3339(i.from), to: toRfc3339(i.to) });

export const timelineRoutes: FastifyPluginAsyncTypebox<TimelineRoutesDeps> = async (app, { timeline, history, cameras, clock, timeZone, backfill }) => {
  app.get('/api/cameras/:id/timeline', {
    schema: {
      tags: ['recordings'],
      summary: 'Recorded, outage and not-recording time of a camera in a range (at most 31 days)',
      params: CameraIdParams,
      querystring: TimelineQuery,
      response: { 200: TimelineSchema, ...errorResponses(400, 404) },
    },
    handler: async (request) => {
      await cameras.require(request.params.id);
      const now = clock.now();
      const { from, to } = parseSpan(request.query, now, DAY_MS, MAX_TIMELINE_MS);
      const result = await timeline.coverage(request.params.id, from, to);
      const periods = await history.periods(request.params.id, result.spans, from, to, now);
      const filled = await timelineBackfill(backfill, request.params.id, from, to);
      return {
        camera_id: request.params.id,
        from: toRfc3339(from),
        to: toRfc3339(to),
        spans: result.spans.map(toInterval),
        gaps: cutAt(result.gaps, now).map(toInterval),
        periods: periods.map((p) => ({ ...toInterval(p), kind: p.kind, reason: p.reason, detail: p.detail })),
        covered_seconds: result.coveredMs / 1000,
        backfilled: filled.backfilled.map(toInterval),
        backfill: filled.gaps.map((g) => ({ ...toInterval({ from: g.from_ms, to: g.to_ms }), state: g.state, error: g.error })),
      };
    },
  });

  app.get('/api/cameras/:id/timeline/days', {
    schema: {
      tags: ['recordings'],
      summary: 'Recorded time per calendar day (server time zone) for a month view; whole days intersecting the range (at most 62 days)',
      params: CameraIdParams,
      querystring: DaysQuery,
      response: { 200: DaysSchema, ...errorResponses(400, 404) },
    },
    handler: async (request) => {
      await cameras.require(request.params.id);
      const { from, to } = parseSpan(request.query, clock.now(), 30 * DAY_MS, MAX_DAYS_MS);
      const days = await timeline.days(request.params.id, from, to, timeZone);
      return {
        camera_id: request.params.id,
        time_zone: timeZone,
        from: toRfc3339(days[0]?.from ?? from),
        to: toRfc3339(days.at(-1)?.to ?? to),
        days: days.map((d) => ({
          date: d.date,
          from: toRfc3339(d.from),
          to: toRfc3339(d.to),
          recorded_seconds: d.recordedMs / 1000,
          first: toRfc3339OrNull(d.firstMs),
          last: toRfc3339OrNull(d.lastMs),
        })),
      };
    },
  });
};
