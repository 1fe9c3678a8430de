export * from './dto.js';
export * from './spend-dto.js';
export * from './telemetry-dto.js';
export * from './errors.js';
export * from './methods.js';
