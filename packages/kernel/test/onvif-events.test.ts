import { describe, expect, it } from 'vitest';
import { ONVIF_PASSWORD, ONVIF_USER, smallCamera, startOnvifCamsim } from './helpers/camsim.js';
import { eventsOf, segmentsOf, stagedFiles } from './helpers/recording.js';
import { testResources } from './helpers/resources.js';
import { waitFor } from './helpers/test-kernel.js';

const use = testResources();
const MOTION = 'RuleEngine/CellMotionDetector/Motion';

describe('ONVIF events as recording triggers', () => {
  it('a motion event on the camera starts event recording with pre-roll; the subscription is renewed and re-made after a restart', async () => {
    const sim = await startOnvifCamsim([smallCamera('porch')]);
    use.defer(() => sim.close());
    // A 4 s termination time: the subscription has to be renewed several times during the test.
    const kernel = await use.recordingKernel({}, { onvifEvents: { terminationSeconds: 4, pullSeconds: 2, retryInitialMs: 200 } });
    const add = await kernel.inject({
      method: 'POST',
      url: '/api/cameras',
      payload: {
        id: 'porch',
        name: 'Porch',
        stream_url: sim.url('porch'),
        username: ONVIF_USER,
        password: ONVIF_PASSWORD,
        onvif_url: sim.onvif.deviceUrl('porch'),
        // With its prefix, as cameras name it: stored without.
        onvif_trigger_topics: [`tns1:${MOTION}`],
        record_mode: 'event',
        segment_seconds: 2,
        pre_roll_seconds: 4,
        post_roll_seconds: 2,
      },
    });
    expect(add.statusCode).toBe(201);
    expect(add.json().onvif_trigger_topics).toEqual([MOTION]);
    await kernel.startRecording();
    await waitFor('subscribed', () => sim.onvif.subscriptionCount() === 1, 15_000);
    // Pre-roll needs finished segments held in staging.
    await waitFor('pre-roll buffered', async () => (await stagedFiles(kernel, 'porch')).length >= 3, 30_000);
    // Renewed three times (over twice the termination time): still the one subscription, never lost.
    await waitFor('renewed', () => sim.onvif.renewals() >= 3, 20_000);
    expect(sim.onvif.subscriptionCount()).toBe(1);
    expect(await eventsOf(kernel, 'porch', 'onvif_events_lost')).toEqual([]);
    expect(await segmentsOf(kernel, 'porch')).toEqual([]);

    // Motion ending (IsMotion=false) and topics not asked for trigger nothing.
    sim.onvif.motion('porch', false);
    sim.onvif.emit('porch', 'RuleEngine/LineDetector/Crossed', { ObjectId: '3' });
    const triggeredAt = Date.now();
    sim.onvif.motion('porch', true);
    const [event] = await waitFor('onvif_motion logged', async () => {
      const e = await eventsOf(kernel, 'porch', 'onvif_motion');
      return e.length > 0 ? e : undefined;
    }, 10_000);
    expect(event!.payload).toMatchObject({ topic: MOTION, data: { IsMotion: 'true' }, source: { VideoSourceConfigurationToken: 'vsc_porch' } });
    const [trigger] = await eventsOf(kernel, 'porch', 'recording_triggered');
    expect(trigger!.payload.reason).toBe(`onvif:${MOTION}`);
    expect(await eventsOf(kernel, 'porch', 'onvif_line_crossed')).toEqual([]);
    const rows = await waitFor('segments around the trigger', async () => {
      const r = await segmentsOf(kernel, 'porch');
      return r.length > 0 && r.at(-1)!.end_ms >= triggeredAt + 1000 ? r : undefined;
    }, 30_000);
    // Pre-roll: a segment from before the motion is in the index.
    expect(rows[0]!.start_ms).toBeLessThanOrEqual(triggeredAt - 1500);

    // The camera restarts and forgets the subscription: Heldar notices, says so and subscribes again.
    sim.onvif.dropSubscriptions();
    await waitFor('onvif_events_lost logged', async () => (await eventsOf(kernel, 'porch', 'onvif_events_lost')).length === 1, 15_000);
    await waitFor('subscribed again', () => sim.onvif.subscriptionCount() === 1, 15_000);
    sim.onvif.motion('porch', true);
    await waitFor('a second onvif_motion', async () => (await eventsOf(kernel, 'porch', 'onvif_motion')).length === 2, 10_000);

    // Clearing the topics ends the subscription (Unsubscribe).
    const patch = await kernel.inject({ method: 'PATCH', url: '/api/cameras/porch', payload: { onvif_trigger_topics: [] } });
    expect(patch.json().onvif_trigger_topics).toEqual([]);
    await waitFor('unsubscribed', () => sim.onvif.subscriptionCount() === 0, 15_000);
  });

  it('line crossing and field detection become their own events and trigger recording; ends and other topics do not', async () => {
    const sim = await startOnvifCamsim([smallCamera('yard')]);
    use.defer(() => sim.close());
    const kernel = await use.recordingKernel({}, { onvifEvents: { pullSeconds: 1, retryInitialMs: 200 } });
    const add = await kernel.inject({
      method: 'POST',
      url: '/api/cameras',
      payload: {
        id: 'yard',
        name: 'Yard',
        stream_url: sim.url('yard'),
        username: ONVIF_USER,
        password: ONVIF_PASSWORD,
        onvif_url: sim.onvif.deviceUrl('yard'),
        // Parents: every line and field rule the camera has.
        onvif_trigger_topics: ['RuleEngine/LineDetector', 'RuleEngine/FieldDetector'],
        record_mode: 'event',
        segment_seconds: 2,
      },
    });
    expect(add.statusCode).toBe(201);
    await kernel.startRecording();
    await waitFor('subscribed', () => sim.onvif.subscriptionCount() === 1, 15_000);

    sim.onvif.motion('yard', true);
    sim.onvif.emit('yard', 'RuleEngine/FieldDetector/ObjectsInside', { IsInside: 'false' });
    sim.onvif.emit('yard', 'RuleEngine/LineDetector/Crossed', { ObjectId: '7' });
    const [crossed] = await waitFor('onvif_line_crossed logged', async () => {
      const e = await eventsOf(kernel, 'yard', 'onvif_line_crossed');
      return e.length > 0 ? e : undefined;
    }, 10_000);
    expect(crossed!.payload).toMatchObject({ topic: 'RuleEngine/LineDetector/Crossed', data: { ObjectId: '7' } });
    sim.onvif.emit('yard', 'RuleEngine/FieldDetector/ObjectsInside', { IsInside: 'true' });
    const [field] = await waitFor('onvif_field_detected logged', async () => {
      const e = await eventsOf(kernel, 'yard', 'onvif_field_detected');
      return e.length > 0 ? e : undefined;
    }, 10_000);
    expect(field!.payload).toMatchObject({ topic: 'RuleEngine/FieldDetector/ObjectsInside', data: { IsInside: 'true' } });

    const reasons = await waitFor('both triggers', async () => {
      const r = (await eventsOf(kernel, 'yard', 'recording_triggered')).map((e) => e.payload.reason);
      return r.length >= 2 ? r : undefined;
    }, 10_000);
    expect(reasons).toEqual(['onvif:RuleEngine/LineDetector/Crossed', 'onvif:RuleEngine/FieldDetector/ObjectsInside']);
    // Motion was not asked for; the field's end (IsInside=false) was no start.
    expect(await eventsOf(kernel, 'yard', 'onvif_motion')).toEqual([]);
    expect(await eventsOf(kernel, 'yard', 'onvif_field_detected')).toHaveLength(1);
  });
});
