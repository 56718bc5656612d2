/** Example Heldar perception worker: motion detection by frame differencing. */
export { createMotionWorker, WORKER_NAME, WORKER_VERSION, type MotionWorkerOptions } from './motion-worker.js';
export { cellMeans, decodeGrey, DEFAULT_MOTION_OPTIONS, MotionDetector, type GreyImage, type MotionBox, type MotionOptions } from './motion.js';
