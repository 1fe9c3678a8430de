// Constants of the control RPC with no dependencies, so the dashboard page can import them without
// bundling the method table's schemas.

export const PROTOCOL_VERSION = 1;
/** Notification method name used for `events.subscribe` deliveries. */
export const EVENT_NOTIFICATION = 'event';

// The control RPC on the data-plane listener (the dashboard page and remote contexts speak it): a
// WebSocket at RPC_PATH, subprotocol RPC_SUBPROTOCOL, the control token either as
// `Authorization: Bearer <token>` or, from a browser that cannot set headers, as a second offered
// subprotocol `bearer.<token>` (never in the URL, which ends up in logs).
export const RPC_PATH = '/rpc';
export const RPC_SUBPROTOCOL = 'llm-router.rpc';
export const BEARER_SUBPROTOCOL_PREFIX = 'bearer.';
