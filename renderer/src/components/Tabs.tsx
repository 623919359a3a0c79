/**
 * The app's one tab control. `value` is the tab shown (none while a drill-down is open); `marked`
 * is the tab highlighted, which is `value` unless said otherwise.
 */
export function Tabs<T extends string>(props: {
  tabs: readonly (readonly [T, string])[];
  value: T | undefined;
  onChange: (t: T) => void;
  label: string;
  marked?: T | undefined;
  className?: string | undefined;
}) {
  const marked = props.marked ?? props.value;
  return (
    <div className={props.className ?? 'tabs'} role="tablist" aria-label={props.label}>
      {props.tabs.map(([id, label]) => (
        <button key={id} type="button" role="tab" aria-selected={props.value === id} className={marked === id ? 'active' : undefined} onClick={() => props.onChange(id)}>
          {label}
        </button>
      ))}
    </div>
  );
}
