export * from './dto.js';
export * from './spend-dto.js';
export * from './cluster-dto.js';
export * from './telemetry-dto.js';
export * from './errors.js';
export * from './methods.js';
export { RPC_PATH, RPC_SUBPROTOCOL, BEARER_SUBPROTOCOL_PREFIX } from './wire-constants.js';
export * from './keys-dto.js';
export * from './learning-dto.js';
