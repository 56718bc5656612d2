export { loadConfig, CONFIG_VARIABLES, ConfigError, type Config } from './config.js';
export { createKernel, type Kernel, type KernelOptions } from './kernel.js';
export { createLogger } from './logger.js';
export { recordUrl } from './cameras/camera-url.js';
export { maskText, maskUrl } from './secrets/credential-mask.js';
