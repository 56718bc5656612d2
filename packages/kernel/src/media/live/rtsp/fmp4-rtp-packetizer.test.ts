import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDecoderConfigs, type DecoderConfigs } from '../../../mp4/decoder-config.js';
import { fragmentSamples, type FragmentSample } from '../../../mp4/fragment-samples.js';
import { ffmpeg, packetsInFileOrder, probe, type Probe } from '../../../mp4/media-fixture.test-helper.js';
import { Fmp4StreamSplitter } from '../fmp4-stream-splitter.js';
import { Fmp4RtpPacketizer, splitAvcc } from './fmp4-rtp-packetizer.js';
import { restreamTracks } from './restream-tracks.js';

interface RtpPacket {
  channel: number;
  marker: boolean;
  payloadType: number;
  sequence: number;
  timestamp: number;
  ssrc: number;
  payload: Buffer;
}

/** Reads back `$`-framed interleaved packets; RTCP (payload type byte 200–204) is returned apart. */
function readInterleaved(buffers: readonly Buffer[]): { rtp: RtpPacket[]; rtcp: Buffer[] } {
  const all = Buffer.concat(buffers);
  const rtp: RtpPacket[] = [];
  const rtcp: Buffer[] = [];
  for (let pos = 0; pos < all.length; ) {
    expect(all[pos]).toBe(0x24);
    const length = all.readUInt16BE(pos + 2);
    const packet = all.subarray(pos + 4, pos + 4 + length);
    const second = packet[1] ?? 0;
    if (second >= 200 && second <= 204) rtcp.push(packet);
    else {
      expect((packet[0] ?? 0) >> 6).toBe(2);
      rtp.push({
        channel: all[pos + 1] ?? -1,
        marker: (second & 0x80) !== 0,
        payloadType: second & 0x7f,
        sequence: packet.readUInt16BE(2),
        timestamp: packet.readUInt32BE(4),
        ssrc: packet.readUInt32BE(8),
        payload: packet.subarray(12),
      });
    }
    pos += 4 + length;
  }
  return { rtp, rtcp };
}

/** RFC 6184 depacketisation: single NAL units and FU-A back into NAL units. */
function depacketize(packets: readonly RtpPacket[]): Buffer[] {
  const nals: Buffer[] = [];
  let fu: Buffer[] = [];
  for (const p of packets) {
    const type = (p.payload[0] ?? 0) & 0x1f;
    if (type !== 28) {
      nals.push(p.payload);
      continue;
    }
    const header = p.payload[1] ?? 0;
    if ((header & 0x80) !== 0) fu = [Buffer.from([((p.payload[0] ?? 0) & 0xe0) | (header & 0x1f)])];
    fu.push(p.payload.subarray(2));
    if ((header & 0x40) !== 0) nals.push(Buffer.concat(fu));
  }
  return nals;
}

describe('fMP4 → RTP', () => {
  let dir: string;
  let init: Buffer;
  let fragments: Buffer[];
  let configs: DecoderConfigs;
  let probed: Probe;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'heldar-rtp-'));
    const file = join(dir, 'live.mp4');
    // A camera stand-in with B-frames (composition offsets) and AAC, muxed the way the live copy is.
    await ffmpeg([
      ...['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'],
      ...['-t', '2', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-bf', '2', '-pix_fmt', 'yuv420p', '-c:a', 'aac'],
      ...['-f', 'mp4', '-movflags', '+frag_keyframe+empty_moov+default_base_moof', '-frag_duration', '1', file],
    ]);
    const splitter = new Fmp4StreamSplitter();
    const parts = splitter.push(await readFile(file));
    const initPart = parts.find((p) => p.kind === 'init');
    if (initPart === undefined) throw new Error('no init segment');
    init = initPart.data;
    fragments = parts.filter((p) => p.kind === 'fragment').map((p) => p.data);
    configs = parseDecoderConfigs(init);
    probed = await probe(file);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the avcC parameter sets and the AAC AudioSpecificConfig from the init segment', () => {
    expect(configs.video?.nalLengthSize).toBe(4);
    expect((configs.video?.sps[0]?.[0] ?? 0) & 0x1f).toBe(7);
    expect((configs.video?.pps[0]?.[0] ?? 0) & 0x1f).toBe(8);
    expect(configs.audio?.sampleRate).toBe(48000);
    // AAC LC (2), 48 kHz (index 3), mono: 00010 0011 0001 000, then ffmpeg's SBR sync extension.
    expect(configs.audio?.audioSpecificConfig.toString('hex')).toMatch(/^1188/);
    const tracks = restreamTracks(configs);
    expect(tracks?.map((t) => t.sdp.rtpmap)).toEqual(['H264/90000', 'mpeg4-generic/48000/1']);
    expect(tracks?.[0]?.sdp.fmtp).toContain(`profile-level-id=${configs.video?.sps[0]?.subarray(1, 4).toString('hex')}`);
    expect(tracks?.[1]?.sdp.fmtp).toContain(`config=${configs.audio?.audioSpecificConfig.toString('hex')}`);
  });

  it('walks every trun entry: sizes, decode times and sync flags match ffprobe', () => {
    const defaults = (id: number) => (id === configs.video?.trackId ? configs.video.defaults : id === configs.audio?.trackId ? configs.audio.defaults : undefined);
    const samples = fragments.flatMap((f) => fragmentSamples(f, defaults));
    const video = samples.filter((s) => s.trackId === configs.video?.trackId);
    const audio = samples.filter((s) => s.trackId === configs.audio?.trackId);
    const vIndex = probed.streams.find((s) => s.codec_type === 'video')!.index;
    const aIndex = probed.streams.find((s) => s.codec_type === 'audio')!.index;
    const pv = packetsInFileOrder(probed, vIndex);
    expect(video.map((s) => s.data.length)).toEqual(pv.map((p) => Number(p.size)));
    expect(video.map((s) => s.sync)).toEqual(pv.map((p) => p.flags.startsWith('K')));
    // ffprobe shifts a B-frame stream's times by its first composition offset; differences are exact.
    expect(video.map((s) => s.decodeTime - video[0]!.decodeTime)).toEqual(pv.map((p) => p.dts - pv[0]!.dts));
    expect(video.some((s) => s.compositionOffset > 0)).toBe(true);
    expect(audio.map((s) => s.data.length)).toEqual(packetsInFileOrder(probed, aIndex).map((p) => Number(p.size)));
  });

  it('sends each access unit as single NAL / FU-A packets with the marker on its last, timestamps from decode + composition time', () => {
    const video = { rtpChannel: 0, rtcpChannel: 1, ssrc: 0x1234, firstSequence: 65530, firstTimestamp: 4_294_967_000 };
    const audio = { rtpChannel: 2, rtcpChannel: 3, ssrc: 0x5678, firstSequence: 7, firstTimestamp: 1000 };
    const packetizer = new Fmp4RtpPacketizer(configs, { video, audio });
    const out = fragments.flatMap((f, i) => packetizer.packetize(f, 1_700_000_000_000 + i * 40));
    const { rtp, rtcp } = readInterleaved(out);
    const v = rtp.filter((p) => p.channel === 0);
    const a = rtp.filter((p) => p.channel === 2);
    expect(v.every((p) => p.payloadType === 96 && p.ssrc === 0x1234)).toBe(true);
    expect(a.every((p) => p.payloadType === 97 && p.ssrc === 0x5678)).toBe(true);
    // Sequence numbers run on without gaps across the 16-bit wrap.
    v.forEach((p, i) => expect(p.sequence).toBe((65530 + i) & 0xffff));
    expect(v.every((p) => p.payload.length <= 1400 - 12)).toBe(true);

    const defaults = (id: number) => (id === configs.video?.trackId ? configs.video.defaults : id === configs.audio?.trackId ? configs.audio.defaults : undefined);
    const samples: FragmentSample[] = fragments.flatMap((f) => fragmentSamples(f, defaults)).filter((s) => s.trackId === configs.video?.trackId);
    const timescale = configs.video!.timescale;
    // One marker per access unit, and the AU's NAL units come back byte for byte (AUDs left out).
    expect(v.filter((p) => p.marker)).toHaveLength(samples.length);
    const units: RtpPacket[][] = [];
    let current: RtpPacket[] = [];
    for (const p of v) {
      current.push(p);
      if (p.marker) {
        units.push(current);
        current = [];
      }
    }
    const origin = samples[0]!.decodeTime;
    samples.forEach((sample, i) => {
      const unit = units[i]!;
      const sent = depacketize(unit);
      const expected = splitAvcc(sample.data, 4).filter((n) => ((n[0] ?? 0) & 0x1f) !== 9);
      expect(Buffer.concat(sent.slice(sent.length - expected.length))).toEqual(Buffer.concat(expected));
      const ts = Math.round(((sample.decodeTime + sample.compositionOffset - origin) * 90000) / timescale);
      expect(unit.every((p) => p.timestamp === ((4_294_967_000 + ts) >>> 0))).toBe(true);
      // Keyframes carry SPS + PPS in-band for a player joining there.
      if (sample.sync) expect(sent.slice(0, 2).map((n) => (n[0] ?? 0) & 0x1f)).toEqual([7, 8]);
    });

    // AAC-hbr: one AU per packet, AU-headers-length 16 bits, 13-bit size.
    const audioSamples = fragments.flatMap((f) => fragmentSamples(f, defaults)).filter((s) => s.trackId === configs.audio?.trackId);
    expect(a).toHaveLength(audioSamples.length);
    a.forEach((p, i) => {
      expect(p.payload.readUInt16BE(0)).toBe(16);
      expect(p.payload.readUInt16BE(2) >> 3).toBe(audioSamples[i]!.data.length);
      expect(p.marker).toBe(true);
    });
    // The audio clock is the sample rate, the track's timescale here: differences carry over exactly.
    expect(a.map((p) => (p.timestamp - a[0]!.timestamp) >>> 0)).toEqual(audioSamples.map((s) => s.decodeTime - audioSamples[0]!.decodeTime));

    // Sender reports: about one per second of wall clock per track (2 s of fragments, 40 ms apart).
    const reports = rtcp.filter((r) => r[1] === 200);
    expect(reports.length).toBeGreaterThanOrEqual(2);
    expect(reports.length).toBeLessThanOrEqual(8);
  });

  it('continues the time line after a new generation instead of jumping back', () => {
    const video = { rtpChannel: 0, rtcpChannel: 1, ssrc: 1, firstSequence: 0, firstTimestamp: 0 };
    const packetizer = new Fmp4RtpPacketizer(configs, { video });
    const first = readInterleaved(fragments.flatMap((f) => packetizer.packetize(f, 0))).rtp;
    packetizer.newGeneration(configs);
    const second = readInterleaved(packetizer.packetize(fragments[0]!, 0)).rtp;
    const lastOfFirst = Math.max(...first.map((p) => p.timestamp));
    expect(second[0]!.timestamp).toBeGreaterThan(lastOfFirst);
    expect(second[0]!.timestamp - lastOfFirst).toBeLessThanOrEqual(90000 / 25 * 3);
    expect(second[0]!.sequence).toBe((first.at(-1)!.sequence + 1) & 0xffff);
  });
});
