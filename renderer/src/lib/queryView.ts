/** Whether two deps lists name the same data (the same values in the same places). */
export function sameDeps(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

export interface QueryState<T> {
  /** The last data that came, with the deps it was asked for. */
  loaded: { deps: readonly unknown[]; data: T } | undefined;
  /** The deps of the last answer, data or error. */
  settled: readonly unknown[] | undefined;
  /** A request is under way. */
  loading: boolean;
  error: string | null;
}

/**
 * What a screen shows of a query for the current deps: data asked for other deps (another class,
 * another week) is not shown, and it is loading until the current deps have had an answer; a
 * reload or a poll with the same deps keeps the data on screen while it runs. `keepData`: the
 * query pages or filters one list, whose last rows stay on screen until the next ones come.
 */
export function queryView<T>(state: QueryState<T>, deps: readonly unknown[], keepData = false): { data: T | undefined; error: string | null; loading: boolean } {
  const data = state.loaded && (keepData || sameDeps(state.loaded.deps, deps)) ? state.loaded.data : undefined;
  const current = state.settled !== undefined && sameDeps(state.settled, deps);
  return { data, error: current ? state.error : null, loading: state.loading || !current };
}
