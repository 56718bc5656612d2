/** Example motion worker (lands with the perception issue). */
export const WORKER_NAME = 'motion';
