export type { BoxHeader, TopLevelBox } from './box-reader.js';
export { childBoxes, parseBoxHeader, scanBufferBoxes, scanFileBoxes } from './box-reader.js';
export { FragmentIndexBlobError, Fmp4FormatError, type Fmp4FormatErrorCode, Fmp4UnsupportedError } from './fmp4-error.js';
export type { ByteRange, InitInfo, TrackDefaults, TrackInfo, TrackKind } from './init-segment.js';
export { parseInitSegment, parseMoov } from './init-segment.js';
export type { MovieFragmentInfo, ProducerReferenceTime, TrackFragmentInfo } from './movie-fragment.js';
export { parseMoof, parsePrft } from './movie-fragment.js';
export type { Fragment, FragmentIndex, FragmentWithMoof, TrackFragment } from './fragment-index.js';
export { indexFragmentFile, indexFragmentRange, indexFragments, indexFragmentsAt } from './fragment-index.js';
export type { FragmentIndexRecord, FragmentRecord } from './fragment-index-codec.js';
export {
  FRAGMENT_INDEX_BLOB_VERSION,
  decodeFragmentIndex,
  encodeFragmentIndex,
  toFragmentIndexRecord,
} from './fragment-index-codec.js';
export type { MoofRewrite } from './fragment-rewrite.js';
export { rewriteMoof } from './fragment-rewrite.js';
export { FragmentSequencer } from './fragment-sequencer.js';
