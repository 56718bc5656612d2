/**
 * Errors of the fMP4 module. They are deliberately not HTTP errors (errors.ts): the indexer and the
 * exporter decide what a bad file means for them (skip it, delete it, answer 422) and wrap these as
 * `cause`.
 */

/** Why a byte stream is not a usable fragmented MP4. */
export type Fmp4FormatErrorCode =
  | 'not-mp4' // first box is not ftyp, or the bytes do not form boxes at all
  | 'bad-box' // a box size or type is impossible (smaller than its header, runs past its parent)
  | 'truncated-init' // the file ends before ftyp+moov are complete
  | 'not-fragmented' // moov without mvex, or media data before any moof
  | 'bad-fragment'; // moof/traf/trun contents are inconsistent

export class Fmp4FormatError extends Error {
  override name = 'Fmp4FormatError';

  constructor(
    readonly code: Fmp4FormatErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A valid file that uses a feature this module does not handle (said in the message). */
export class Fmp4UnsupportedError extends Error {
  override name = 'Fmp4UnsupportedError';
}

/** A stored fragment-index blob that cannot be decoded (wrong magic, unknown version, cut short). */
export class FragmentIndexBlobError extends Error {
  override name = 'FragmentIndexBlobError';
}
