// The block decoder inside unbzip2-stream (its main module is a Node stream around it).
declare module 'unbzip2-stream/lib/bzip2.js' {
  const bzip2: {
    header(bits: (n: number | null) => number): number;
    decompress(
      bits: (n: number | null) => number,
      sink: (byte: number) => void,
      buf: Int32Array,
      size: number,
      crc: number,
    ): number | null;
  };
  export default bzip2;
}
