/** The fencing token a segment row is written under: this node and the epoch of its lease on the camera. */
export interface SegmentFence {
  nodeId: string;
  epoch: number;
}

/**
 * What the segment indexer asks before it writes a row, and tells when the database refused one.
 * The database has the last word (the insert checks camera_owners in the same statement); this is
 * how the indexer learns which token to present.
 */
export interface SegmentFencing {
  /** False: rows are written without node, epoch or check (no cluster layer: unit tests). */
  readonly enforced: boolean;
  /** The token to write a camera's segment under; null: this node does not hold the camera. */
  fenceOf(cameraId: string): SegmentFence | null;
  /** A segment was refused (its file kept at `keptAt`): the camera is no longer this node's. */
  refused(cameraId: string, fence: SegmentFence | null, keptAt: string): Promise<void>;
}

/** Without a cluster (unit tests of the indexer): rows carry no node or epoch and are not checked. */
export const UNFENCED: SegmentFencing = {
  enforced: false,
  fenceOf: () => null,
  refused: () => Promise.resolve(),
};

/** What the recorder manager asks: which cameras it runs a supervisor for. */
export interface RecorderOwnership {
  /** Whether this node records the camera now (no database round trip). */
  owns(cameraId: string): boolean;
  /** owns(), after taking the camera at once where that is this node's call alone (SQLite: one node). */
  ensure(cameraId: string): Promise<boolean>;
  /** The node that records a camera, for a 409 to a caller that asked another node. */
  ownerOf(cameraId: string): Promise<{ nodeId: string; url: string | null } | null>;
}

/** Every camera is this node's (unit tests of the recorder, a kernel without the cluster layer). */
export const OWNS_EVERY_CAMERA: RecorderOwnership = {
  owns: () => true,
  ensure: () => Promise.resolve(true),
  ownerOf: () => Promise.resolve(null),
};
