// The `bencode` package ships no type declarations; this covers the part the project uses.
// Decoding without an encoding returns byte strings as Uint8Array and dictionary keys as text.
declare module 'bencode' {
  type BencodeValue = number | Uint8Array | BencodeValue[] | { [key: string]: BencodeValue };
  interface Decode {
    (data: Uint8Array, start?: number, end?: number): unknown;
    (data: Uint8Array, encoding: 'utf8'): unknown;
    /** Bytes consumed by the last call, relative to `start`. */
    position: number;
  }
  const bencode: {
    encode(value: unknown): Uint8Array;
    decode: Decode;
    byteLength(value: unknown): number;
  };
  export type { BencodeValue };
  export default bencode;
}
