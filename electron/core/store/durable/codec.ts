/** How a lowdb document becomes bytes and back. */
export interface Codec<T> {
  encode(data: T): Buffer | Uint8Array | string;
  decode(bytes: Buffer): T;
}

/** The default: compact JSON (no pretty-printing: the files are encrypted, nobody reads them). */
export function jsonCodec<T>(): Codec<T> {
  return {
    encode: (data) => JSON.stringify(data),
    decode: (bytes) => JSON.parse(bytes.toString('utf8')) as T,
  };
}
