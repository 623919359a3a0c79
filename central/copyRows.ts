/**
 * The bytes of rows for the database (`COPY … FROM STDIN` in the text format, or the one text
 * parameter of `writeEntities`), built row by row: each row's small string is written as UTF-8
 * into a growing buffer as soon as it is made. One long string concatenated row by row and
 * encoded at the end costs several times the CPU: V8 keeps it as a rope of thousands of pieces,
 * and encoding it first copies it flat (a year's import: seconds).
 */
export class CopyRows {
  private buf: Buffer | null = null;
  private used = 0;
  private count = 0;

  /** `capacity`: the bytes first set aside for a batch of rows (it grows by doubling). */
  constructor(private capacity = 1 << 20) {}

  /** Adds one row: its fields already joined and escaped, with its line end. */
  add(row: string): void {
    // A UTF-16 code unit is at most 3 bytes of UTF-8.
    const most = row.length * 3;
    if (!this.buf || this.used + most > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.capacity, (this.buf?.length ?? 0) * 2, this.used + most));
      if (this.buf) this.buf.copy(grown, 0, 0, this.used);
      this.buf = grown;
      this.capacity = grown.length;
    }
    this.used += this.buf.write(row, this.used);
    this.count++;
  }

  /** Rows added since the last `take`. */
  get rows(): number {
    return this.count;
  }

  /**
   * The rows added since the last `take`, as bytes (without the last `trim` bytes: a final line
   * end); the next rows go to a new buffer, as these may still be on their way to the database.
   */
  take(trim = 0): Buffer {
    const out = this.buf ? this.buf.subarray(0, Math.max(0, this.used - trim)) : Buffer.alloc(0);
    this.buf = null;
    this.used = 0;
    this.count = 0;
    return out;
  }
}
