import type { TrackRow } from '../db/schema.js';
import { NotFound } from '../errors.js';
import { parseRfc3339, toRfc3339, toRfc3339OrNull } from '../time.js';
import type { DetectionIngest } from './detection-ingest.js';
import type { TrackDto } from './perception.schemas.js';
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
    const rows = await this.tracks.find({ cameraId, from, to, label: q.label, limit: q.limit ?? 100 });
    return rows.map(toDto);
  }

  async get(id: string): Promise<TrackDto> {
    await this.ingest.flush();
    const row = await this.tracks.get(id);
    if (!row) throw new NotFound(`track ${id} not found`);
    return toDto(row);
  }
}

function toDto(row: TrackRow): TrackDto {
  return {
    id: row.id,
    camera_id: row.camera_id,
    worker: row.worker,
    label: row.label,
    external_id: row.external_id,
    first_seen: toRfc3339(row.first_seen),
    last_seen: toRfc3339(row.last_seen),
    detections: row.detections,
    best_frame: { frame_id: row.best_frame_id, at: toRfc3339(row.best_at), confidence: row.best_confidence, box: JSON.parse(row.best_box) as number[] },
    closed_at: toRfc3339OrNull(row.closed_at),
  };
}
