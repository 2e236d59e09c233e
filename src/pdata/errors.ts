// The one error type every pdata codec throws on malformed input, so receivers can map any
// decode failure to 400 / InvalidArgument without inspecting messages.

export class PdataDecodeError extends Error {
  override readonly name = 'PdataDecodeError';
  /** Byte offset (protobuf) at which the problem was found, when known. */
  readonly offset: number | undefined;
  constructor(message: string, offset?: number) {
    super(offset === undefined ? message : `${message} (at byte ${offset})`);
    this.offset = offset;
  }
}
