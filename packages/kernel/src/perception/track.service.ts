import { NotFound } from '../errors.js';
import { parseRfc3339, toRfc3339, toRfc3339OrNull } from '../time.js';
import type { DetectionIngest } from './detection-ingest.js';
import type { TrackDto } from './perception.schemas.js';
import type { TrackRecord } from './track-record.js';
import type { TrackRepository } from './track.repository.js';

/** Read side of tracks. Open tracks are written every second; a read first writes pending changes. */
export class TrackService {
  constructor(
    private readonly tracks: TrackRepository,
    private readonly ingest: DetectionIngest,
    private readonly requireCamera: (id: string) => Promise<unknown>,
  ) {}

  async list(cameraId: string, q: { from?: string; to?: string; label?: string; limit?: number }): Promise<TrackDto[]> {
    await this.requireCamera(cameraId);
    const from = q.from === undefined ? undefined : parseRfc3339(q.from, 'from');
    const to = q.to === undefined ? undefined : parseRfc3339(q.to, 'to');
    await this.ingest.flush();
    const tracks = await this.tracks.find({ cameraId, from, to, label: q.label, limit: q.limit ?? 100 });
    return tracks.map(toDto);
  }

  async get(id: string): Promise<TrackDto> {
    await this.ingest.flush();
    const track = await this.tracks.get(id);
    if (!track) throw new NotFound(`track ${id} not found`);
    return toDto(track);
  }
}

function toDto(track: TrackRecord): TrackDto {
  return {
    id: track.id,
    camera_id: track.camera_id,
    worker: track.worker,
    label: track.label,
    external_id: track.external_id,
    first_seen: toRfc3339(track.first_seen),
    last_seen: toRfc3339(track.last_seen),
    detections: track.detections,
    best_frame: { frame_id: track.best_frame_id, at: toRfc3339(track.best_at), confidence: track.best_confidence, box: track.best_box },
    closed_at: toRfc3339OrNull(track.closed_at),
  };
}
