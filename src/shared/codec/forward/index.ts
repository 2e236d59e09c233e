export { ForwardDecodeError, DEFAULT_FORWARD_LIMITS, type ForwardErrorCode, type ForwardLimits } from './errors.js';
export { ForwardFramer } from './stream.js';
export { decodeForwardEvent, type ForwardEntry, type ForwardEvent, type ForwardMode } from './decode.js';
export { MsgpackReader } from './reader.js';
