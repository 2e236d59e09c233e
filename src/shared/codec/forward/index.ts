export { ForwardDecodeError, DEFAULT_FORWARD_LIMITS, type ForwardErrorCode } from './errors.js';
export { ForwardFramer, FrameList } from './stream.js';
export { decodeForwardEvent, type ForwardEvent } from './decode.js';
export { MsgpackReader } from './reader.js';
