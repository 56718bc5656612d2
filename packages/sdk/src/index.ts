/** Heldar worker SDK (the worker contract lands with the perception issue). */
export const CONTRACT_VERSION = 1;
