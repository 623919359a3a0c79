type ClassLike = { id: string; name: string; grade: number; letter: string };

/** School order of classes: grade, then letter. */
export function classOrder(a: Pick<ClassLike, 'grade' | 'letter'>, b: Pick<ClassLike, 'grade' | 'letter'>): number {
  return a.grade - b.grade || a.letter.localeCompare(b.letter, 'ru');
}

/** The class chooser of the pages' toolbars: classes in school order (grade, letter). */
export function ClassSelect(props: {
  classes: readonly ClassLike[];
  value: string | undefined;
  onChange: (id: string) => void;
  /** Offer «Все классы» (value ''). */
  all?: boolean;
}) {
  const sorted = [...props.classes].sort(classOrder);
  return (
    <label className="inline-field">
      <span>Класс</span>
      <select aria-label="Класс" value={props.value ?? ''} onChange={(e) => props.onChange(e.target.value)}>
        {props.all && <option value="">Все классы</option>}
        {sorted.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
    </label>
  );
}
