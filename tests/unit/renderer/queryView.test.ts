import { describe, expect, it } from 'vitest';
import { queryView, sameDeps } from '../../../renderer/src/lib/queryView';

const rows5A = { rows: ['5А'] };

describe('queryView: a screen never shows data asked for other deps', () => {
  it.each([
    // [case, state, current deps, shown data, loading]
    ['nothing asked yet', { loaded: undefined, settled: undefined, loading: true, error: null }, ['c5a'], undefined, true],
    ['the class answered', { loaded: { deps: ['c5a'], data: rows5A }, settled: ['c5a'], loading: false, error: null }, ['c5a'], rows5A, false],
    ['another class picked, its answer not yet here', { loaded: { deps: ['c5a'], data: rows5A }, settled: ['c5a'], loading: false, error: null }, ['c6b'], undefined, true],
    ['reload of the same class keeps the data', { loaded: { deps: ['c5a'], data: rows5A }, settled: ['c5a'], loading: true, error: null }, ['c5a'], rows5A, true],
    ['the whole school after a class', { loaded: { deps: ['c5a', ''], data: rows5A }, settled: ['c5a', ''], loading: false, error: null }, ['', ''], undefined, true],
  ] as const)('%s', (_case, state, deps, data, loading) => {
    const view = queryView(state, deps);
    expect(view.data).toBe(data);
    expect(view.loading).toBe(loading);
  });

  it('an error is shown for the deps it came for only', () => {
    const state = { loaded: undefined, settled: ['c5a'], loading: false, error: 'Нет связи' };
    expect(queryView(state, ['c5a']).error).toBe('Нет связи');
    expect(queryView(state, ['c6b']).error).toBeNull();
  });

  it('deps are the same when every value is', () => {
    expect(sameDeps(['a', 1, undefined], ['a', 1, undefined])).toBe(true);
    expect(sameDeps(['a'], ['a', ''])).toBe(false);
    expect(sameDeps([NaN], [NaN])).toBe(true);
    expect(sameDeps([{}], [{}])).toBe(false);
  });
});

describe('queryView with keepData: one list paged or filtered', () => {
  it('keeps the last rows on screen while the next page loads, and says it is loading', () => {
    const state = { loaded: { deps: ['{}', 0], data: rows5A }, settled: ['{}', 0], loading: true, error: null };
    expect(queryView(state, ['{}', 1], true)).toEqual({ data: rows5A, error: null, loading: true });
    expect(queryView(state, ['{}', 1]).data).toBeUndefined();
  });
});
