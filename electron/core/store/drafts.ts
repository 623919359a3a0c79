/**
 * Copy-on-write drafts of partitions: what an update's callback changes.
 *
 * `draftOf(prev)` gives an object with the fields of `prev`; a field is copied when it is first
 * touched, so a write pays for what it reads. `commit()` gives the new version: the touched fields'
 * new values, the others shared with `prev` (never changed in place, so the codec reuses their
 * encoding and the log records only what changed, see delta.ts).
 *
 * Arrays of at least LAZY_FROM elements (a journal's marks, a class's documents and changes) are drafted lazily: nothing is copied
 * until an element is read or replaced, then the references are copied and each element is copied
 * as it is read. An array that is only appended to (`push`) is never copied: the draft keeps the
 * new elements apart and the commit reports them as an append (`PendingAppend`). With
 * `growInPlace` the new version shares the array itself, and `applyAppends` grows it once the
 * write is durable: one mark into a 60,000-mark journal costs one mark, not 60,000 references
 * (copying those is a fresh half-megabyte allocation per write, and the collector's work behind it).
 * The previous version keeps answering what it held: its field becomes a copy of the array's first
 * elements, made if it is ever read again.
 */

/**
 * Arrays at least this long are drafted lazily (see the top of the file). 64, not more: a consent
 * write pushes into a class's documents and changes (hundreds each), and copying them deeply and
 * comparing them again took half of the write's time (consent write p50 1.03 → 0.42 ms).
 */
export const LAZY_FROM = 64;
/** Elements copied per call when a lazily drafted array is copied at last (stays under argument limits). */
const CHUNK = 8192;

/**
 * A copy of `v` for a draft: plain data copied by hand, several times faster than structuredClone
 * for the many small objects of a journal; anything but plain objects and arrays goes to
 * structuredClone.
 */
export function clonePlain<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = clonePlain(v[i] as unknown);
    return out as T;
  }
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) return structuredClone(v);
  const src = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k in src) {
    if (!Object.hasOwn(src, k)) continue;
    if (k === '__proto__') Object.defineProperty(out, k, { value: clonePlain(src[k]), enumerable: true, writable: true, configurable: true });
    else out[k] = clonePlain(src[k]);
  }
  return out as T;
}

/** A lazily drafted array: its source, and either the elements appended so far or (once copied) the copy. */
interface LazyState {
  readonly src: readonly unknown[];
  /** The copy (the proxy's target): filled only once something but an append happens. */
  readonly target: unknown[];
  /** Elements appended while nothing else happened; null once the array was copied into `target`. */
  tail: unknown[] | null;
  /** Elements of `target` that belong to the draft (copied or set): read as they are. */
  readonly owned: WeakSet<object>;
}

const lazyStates = new WeakMap<object, LazyState>();

/** The array index a property key names, or -1. */
function indexOf(prop: string | symbol): number {
  if (typeof prop !== 'string' || prop.length === 0) return -1;
  const c = prop.charCodeAt(0);
  if (c < 48 || c > 57) return -1;
  const i = Number(prop);
  return Number.isInteger(i) && String(i) === prop ? i : -1;
}

function materialize(st: LazyState): void {
  const tail = st.tail;
  if (tail === null) return;
  st.tail = null;
  const { src, target } = st;
  for (let i = 0; i < src.length; i += CHUNK) Array.prototype.push.apply(target, src.slice(i, i + CHUNK) as unknown[]);
  for (const x of tail) {
    if (x !== null && typeof x === 'object') st.owned.add(x);
    target.push(x);
  }
}

function lazyArray(src: readonly unknown[]): unknown[] {
  const st: LazyState = { src, target: [], tail: [], owned: new WeakSet() };
  const proxy = new Proxy(st.target, {
    get(t, prop, receiver) {
      if (st.tail !== null) {
        if (prop === 'length') return src.length + st.tail.length;
        const i = indexOf(prop);
        if (i < 0) return Reflect.get(t, prop, receiver) as unknown;
        if (i >= src.length) return st.tail[i - src.length];
        materialize(st);
      }
      const i = indexOf(prop);
      if (i >= 0) {
        const v = t[i];
        if (v !== null && typeof v === 'object' && !st.owned.has(v)) {
          const copy = clonePlain(v);
          st.owned.add(copy);
          t[i] = copy;
          return copy;
        }
        return v;
      }
      return Reflect.get(t, prop, receiver) as unknown;
    },
    set(t, prop, value: unknown) {
      if (st.tail !== null) {
        const length = src.length + st.tail.length;
        if (prop === 'length') {
          const n = Number(value);
          if (Number.isInteger(n) && n >= src.length && n <= length) {
            st.tail.length = n - src.length;
            return true;
          }
        } else {
          const i = indexOf(prop);
          if (i >= src.length && i <= length) {
            st.tail[i - src.length] = value;
            return true;
          }
        }
        materialize(st);
      }
      if (value !== null && typeof value === 'object') st.owned.add(value);
      // Straight onto the target (not through the proxy as receiver, which V8 handles slowly).
      return Reflect.set(t, prop, value);
    },
    has(t, prop) {
      if (st.tail !== null) {
        const i = indexOf(prop);
        if (i >= 0) return i < src.length + st.tail.length;
      }
      return Reflect.has(t, prop);
    },
    ownKeys(t) {
      materialize(st);
      return Reflect.ownKeys(t);
    },
    getOwnPropertyDescriptor(t, prop) {
      materialize(st);
      return Reflect.getOwnPropertyDescriptor(t, prop);
    },
    defineProperty(t, prop, desc) {
      materialize(st);
      return Reflect.defineProperty(t, prop, desc);
    },
    deleteProperty(t, prop) {
      materialize(st);
      return Reflect.deleteProperty(t, prop);
    },
  });
  lazyStates.set(proxy, st);
  return proxy;
}

/** The plain array behind a lazily drafted one (or the value as it is). */
function unwrapLazy(v: unknown): unknown {
  const st = v !== null && typeof v === 'object' ? lazyStates.get(v) : undefined;
  if (!st) return v;
  if (st.tail === null) return st.target;
  return st.tail.length === 0 ? st.src : st.src.concat(st.tail);
}

const draftSources = new WeakMap<object, (key: string) => unknown>();

/**
 * A field of a draft as it is, without the copy its first read makes: for code that never changes
 * what it gets and assigns a new value instead (sync's apply replaces array elements, so it needs a
 * shallow copy of a 50,000-mark array, not a deep one). `undefined` when `draft` is not a draft.
 */
export function peekDraft(draft: object, key: string): unknown {
  return unwrapLazy(draftSources.get(draft)?.(key));
}

/** Elements appended to an array of the previous version, to be added to it in place (applyAppends). */
export interface PendingAppend {
  key: string;
  base: unknown[];
  items: unknown[];
}

export interface Draft<T> {
  draft: T;
  /**
   * The new version. With `growInPlace`, a field that was only appended to keeps the previous
   * version's array (listed in `appends`, to be grown by applyAppends once the write is durable);
   * without, it is a new array, and the field is listed in `appended` (items: what was appended,
   * maybe nothing): the change is known without comparing the arrays.
   */
  commit(growInPlace?: boolean): { next: T; appends: PendingAppend[]; appended: PendingAppend[] };
  /** The fields that may have changed (read, assigned, added or removed). */
  touched(): Set<string>;
}

/** The draft of `prev`; its top-level arrays of at least `lazyFrom` elements are drafted lazily. */
export function draftOf<T extends object>(prev: T, lazyFrom = LAZY_FROM): Draft<T> {
  const values = new Map<string, unknown>();
  const src = prev as Record<string, unknown>;
  const draft: Record<string, unknown> = {};
  draftSources.set(draft, (key) => (values.has(key) ? values.get(key) : src[key]));
  for (const key of Object.keys(src)) {
    Object.defineProperty(draft, key, {
      enumerable: true,
      configurable: true,
      get() {
        if (!values.has(key)) {
          const v = src[key];
          values.set(key, Array.isArray(v) && v.length >= lazyFrom ? lazyArray(v) : clonePlain(v));
        }
        return values.get(key);
      },
      set(v: unknown) {
        values.set(key, v);
      },
    });
  }
  return {
    draft: draft as T,
    commit(growInPlace = false) {
      const out: Record<string, unknown> = {};
      const appends: PendingAppend[] = [];
      const appended: PendingAppend[] = [];
      for (const key of Object.keys(draft)) {
        const desc = Object.getOwnPropertyDescriptor(draft, key)!;
        const raw = desc.get ? (values.has(key) ? values.get(key) : src[key]) : desc.value;
        const st = raw !== null && typeof raw === 'object' ? lazyStates.get(raw) : undefined;
        // Only appended to (or only its length and appended elements read): the previous array and what follows it.
        const onlyAppended = st !== undefined && st.tail !== null && desc.get !== undefined && st.src === src[key];
        let value: unknown;
        if (growInPlace && onlyAppended && st.tail!.length > 0) {
          appends.push({ key, base: st.src as unknown[], items: st.tail! });
          value = st.src;
        } else {
          value = unwrapLazy(raw);
          if (onlyAppended) appended.push({ key, base: st.src as unknown[], items: st.tail! });
        }
        Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      }
      return { next: out as T, appends, appended };
    },
    touched() {
      const keys = new Set(values.keys());
      for (const k of Object.keys(draft)) if (!Object.hasOwn(src, k) || !Object.getOwnPropertyDescriptor(draft, k)!.get) keys.add(k);
      for (const k of Object.keys(src)) if (!Object.hasOwn(draft, k)) keys.add(k);
      return keys;
    },
  };
}

/**
 * Grows the arrays of `appends` in place (call once the write is durable, before the new version
 * is visible). `prev`, the version they belonged to, keeps its own elements: its field becomes a
 * copy of the array's first elements, made when it is read.
 */
export function applyAppends(prev: object, appends: readonly PendingAppend[]): void {
  for (const { key, base, items } of appends) {
    const length = base.length;
    let own: unknown[] | undefined;
    Object.defineProperty(prev, key, { get: () => (own ??= base.slice(0, length)), enumerable: true, configurable: true });
    for (const x of items) base.push(x);
  }
}
