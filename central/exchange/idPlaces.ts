/**
 * Where each id of an import was met (a number: file and row), to find repeats: a hash table of
 * its own instead of a `Map` (a year's marks are a million and a half ids). The slots are typed
 * arrays the garbage collector does not scan, so only the ids themselves (which the import keeps
 * anyway) and one array of them are objects; a `Map` of that size cost about twice the CPU here.
 * Exact: two ids are the same only when the strings are equal (the hash only finds the slot).
 */
import { cyrb53 } from '../../electron/contract/sync/hash.js';

export class IdPlaces {
  private cap: number;
  /** Per slot: the id's hash (to compare before the strings, and to grow without hashing again), and its entry + 1 (0: empty). */
  private hashes: Float64Array;
  private entries: Int32Array;
  private ids: string[] = [];
  private places: number[] = [];

  constructor(capacity = 64) {
    let cap = 16;
    while (cap < capacity * 2) cap *= 2;
    this.cap = cap;
    this.hashes = new Float64Array(cap);
    this.entries = new Int32Array(cap);
  }

  get size(): number {
    return this.ids.length;
  }

  /** The slot of `id`: where it is, or the empty slot where it would go. */
  private slotOf(id: string, h: number): number {
    const mask = this.cap - 1;
    let i = h % this.cap;
    for (;;) {
      const e = this.entries[i]!;
      if (e === 0 || (this.hashes[i] === h && this.ids[e - 1] === id)) return i;
      i = (i + 1) & mask;
    }
  }

  get(id: string): number | undefined {
    const i = this.slotOf(id, cyrb53(id));
    const e = this.entries[i]!;
    return e === 0 ? undefined : this.places[e - 1];
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  set(id: string, place: number): this {
    const h = cyrb53(id);
    const i = this.slotOf(id, h);
    const e = this.entries[i]!;
    if (e !== 0) {
      this.places[e - 1] = place;
      return this;
    }
    this.ids.push(id);
    this.places.push(place);
    this.hashes[i] = h;
    this.entries[i] = this.ids.length;
    if (this.ids.length * 2 > this.cap) this.grow();
    return this;
  }

  private grow(): void {
    const { hashes, entries } = this;
    this.cap *= 2;
    this.hashes = new Float64Array(this.cap);
    this.entries = new Int32Array(this.cap);
    const mask = this.cap - 1;
    for (let j = 0; j < entries.length; j++) {
      const e = entries[j]!;
      if (e === 0) continue;
      const h = hashes[j]!;
      let i = h % this.cap;
      while (this.entries[i] !== 0) i = (i + 1) & mask;
      this.hashes[i] = h;
      this.entries[i] = e;
    }
  }
}
