/** A period selector: the class's periods, and optionally the whole year. */
export function PeriodSelect(props: {
  periods: readonly { id: string; name: string }[];
  value: string;
  onChange: (id: string) => void;
  withYear?: boolean;
  label?: string;
}) {
  return (
    <label className="inline-field">
      <span>{props.label ?? 'Период'}</span>
      <select aria-label={props.label ?? 'Период'} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {props.withYear && <option value="year">Весь год</option>}
        {props.periods.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
    </label>
  );
}
