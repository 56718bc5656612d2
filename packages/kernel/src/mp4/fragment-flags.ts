// ISO/IEC 14496-12 8.8.7 / 8.8.8: the flag bits of the track fragment header (tfhd) and track run
// (trun) boxes, in one place for the parser, the moof rewriter and the clip trimmer.
export const TFHD_BASE_DATA_OFFSET = 0x000001;
export const TFHD_SAMPLE_DESCRIPTION_INDEX = 0x000002;
export const TFHD_DEFAULT_DURATION = 0x000008;
export const TFHD_DEFAULT_SIZE = 0x000010;
export const TFHD_DEFAULT_FLAGS = 0x000020;
export const TFHD_DEFAULT_BASE_IS_MOOF = 0x020000;
export const TRUN_DATA_OFFSET = 0x000001;
export const TRUN_FIRST_SAMPLE_FLAGS = 0x000004;
export const TRUN_SAMPLE_DURATION = 0x000100;
export const TRUN_SAMPLE_SIZE = 0x000200;
export const TRUN_SAMPLE_FLAGS = 0x000400;
export const TRUN_COMPOSITION_OFFSET = 0x000800;
/** sample_is_non_sync_sample in the 32-bit sample flags. */
export const SAMPLE_IS_NON_SYNC = 0x00010000;
