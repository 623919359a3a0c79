import {
  flexRender,
  getCoreRowModel,
  getFilteredRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type FilterFn,
  type Row,
  type SortingFn,
  type SortingState,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { compareRu, includesRu } from '../../../electron/contract/text/collate';

export type { ColumnDef } from '@tanstack/react-table';

/** Strings sort the Russian way (ё with е); numbers and dates as they are. */
const ruSort: SortingFn<unknown> = (a, b, id) => {
  const x = a.getValue(id);
  const y = b.getValue(id);
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  return compareRu(String(x ?? ''), String(y ?? ''));
};

const ruFilter: FilterFn<unknown> = (row, id, value: string) => includesRu(String(row.getValue(id) ?? ''), value);

const ROW_HEIGHT = 30;

export interface DataTableProps<T> {
  data: T[];
  columns: ColumnDef<T, any>[];
  /** Label for the search box; no box when absent. */
  searchLabel?: string;
  initialSort?: SortingState;
  onActivate?: (row: T) => void;
  selectedId?: string | undefined;
  getId: (row: T) => string;
  /** Table height in pixels; the rows scroll inside it. */
  height?: number;
  toolbar?: ReactNode;
  empty?: string;
  testId?: string;
  rowClass?: (row: T) => string | undefined;
  /** The rows shown are being replaced (a list that keeps its last rows while the next come): aria-busy. */
  busy?: boolean;
}

/**
 * The app's table: @tanstack/react-table for sorting and filtering, @tanstack/react-virtual so
 * that thousands of rows scroll smoothly; arrows move, Enter opens, Russian collation.
 */
export function DataTable<T>(props: DataTableProps<T>) {
  const [sorting, setSorting] = useState<SortingState>(props.initialSort ?? []);
  const [globalFilter, setGlobalFilter] = useState('');
  const [cursor, setCursor] = useState(0);
  const table = useReactTable<T>({
    data: props.data,
    columns: props.columns,
    state: { sorting, globalFilter },
    onSortingChange: setSorting,
    onGlobalFilterChange: setGlobalFilter,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
    getRowId: props.getId,
    sortingFns: { ru: ruSort as SortingFn<T> },
    defaultColumn: { sortingFn: ruSort as SortingFn<T> },
    globalFilterFn: ruFilter as FilterFn<T>,
  });
  const rows = table.getRowModel().rows;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  useEffect(() => {
    if (cursor >= rows.length) setCursor(Math.max(0, rows.length - 1));
  }, [rows.length, cursor]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!rows.length) return;
    let next = cursor;
    if (e.key === 'ArrowDown') next = Math.min(rows.length - 1, cursor + 1);
    else if (e.key === 'ArrowUp') next = Math.max(0, cursor - 1);
    else if (e.key === 'PageDown') next = Math.min(rows.length - 1, cursor + 15);
    else if (e.key === 'PageUp') next = Math.max(0, cursor - 15);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = rows.length - 1;
    else if (e.key === 'Enter') {
      const row = rows[cursor];
      if (row) props.onActivate?.(row.original);
      e.preventDefault();
      return;
    } else return;
    e.preventDefault();
    setCursor(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const headerGroups = table.getHeaderGroups();
  const template = table
    .getVisibleLeafColumns()
    .map((c) => {
      const grow = (c.columnDef.meta as { grow?: number } | undefined)?.grow;
      if (grow) return `minmax(120px, ${grow}fr)`;
      return c.columnDef.size && c.columnDef.size !== 150 ? `${c.columnDef.size}px` : 'minmax(100px, 1fr)';
    })
    .join(' ');

  return (
    <div className="datatable" data-testid={props.testId}>
      {(props.searchLabel || props.toolbar) && (
        <div className="datatable-toolbar">
          {props.searchLabel && (
            <input
              type="search"
              className="search"
              placeholder={props.searchLabel}
              aria-label={props.searchLabel}
              value={globalFilter}
              onChange={(e) => setGlobalFilter(e.target.value)}
            />
          )}
          {props.toolbar}
          <span className="muted count">
            {rows.length === props.data.length ? `${rows.length}` : `${rows.length} из ${props.data.length}`}
          </span>
        </div>
      )}
      <div className="datatable-grid" role="grid" aria-rowcount={rows.length} aria-busy={props.busy ? true : undefined} tabIndex={0} onKeyDown={onKeyDown}>
        {headerGroups.map((hg) => (
          <div key={hg.id} className="datatable-head" role="row" style={{ gridTemplateColumns: template }}>
            {hg.headers.map((h) => {
              const sorted = h.column.getIsSorted();
              return (
                <div
                  key={h.id}
                  role="columnheader"
                  aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}
                  className={h.column.getCanSort() ? 'sortable' : undefined}
                  onClick={h.column.getToggleSortingHandler()}
                  title={h.column.getCanSort() ? 'Сортировать' : undefined}
                >
                  {flexRender(h.column.columnDef.header, h.getContext())}
                  {sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}
                </div>
              );
            })}
          </div>
        ))}
        <div className="datatable-body" ref={scrollRef} style={{ height: props.height ?? 480 }}>
          {rows.length === 0 && <div className="empty">{props.empty ?? 'Нет данных'}</div>}
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((vi) => {
              const row = rows[vi.index] as Row<T>;
              const id = props.getId(row.original);
              const cls = ['datatable-row', vi.index === cursor ? 'cursor' : '', id === props.selectedId ? 'selected' : '', props.rowClass?.(row.original) ?? '']
                .filter(Boolean)
                .join(' ');
              return (
                <div
                  key={row.id}
                  role="row"
                  data-row-id={id}
                  className={cls}
                  style={{ transform: `translateY(${vi.start}px)`, height: ROW_HEIGHT, gridTemplateColumns: template }}
                  onClick={() => {
                    setCursor(vi.index);
                    props.onActivate?.(row.original);
                  }}
                >
                  {row.getVisibleCells().map((cell) => (
                    <div key={cell.id} role="gridcell">
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </div>
                  ))}
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </div>
  );
}
