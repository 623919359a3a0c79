import { useEffect, useId, useLayoutEffect, useRef, useState, type ChangeEvent } from 'react';
import { DayPicker } from 'react-day-picker';
import { ru } from 'react-day-picker/locale/ru';
import 'react-day-picker/style.css';
import { ruDate } from '../../../electron/contract/text/format';
import { caretAfterMask, maskDate, readDate } from './dateText';
import { dateOfIsoDay, isoDayOf } from '../lib/days';

/** The calendar's size, for placing it inside the window. */
const POPUP_HEIGHT = 330;
const POPUP_WIDTH = 300;

export interface DateFieldProps {
  /** The day as ISO YYYY-MM-DD, '' for none. */
  value: string;
  /** Called with a whole, real, allowed day as ISO, or '' when the field is empty or not a date. */
  onChange: (iso: string) => void;
  'aria-label': string;
  min?: string | undefined;
  max?: string | undefined;
  required?: boolean | undefined;
  /** A message from outside (the core's rule, the form's check), shown when the field has none of its own. */
  error?: string | undefined;
  disabled?: boolean | undefined;
  autoFocus?: boolean | undefined;
}

/**
 * The app's one date field: reads and shows ДД.ММ.ГГГГ whatever the system's locale. Digits are
 * typed and the dots come by themselves; a calendar (react-day-picker, Russian) opens from the
 * button. The rest of the app sees only ISO days.
 */
export function DateField(props: DateFieldProps) {
  const { value, onChange, min, max, required } = props;
  const [text, setText] = useState(() => ruDate(value));
  const [touched, setTouched] = useState(false);
  const [open, setOpen] = useState(false);
  const emitted = useRef(value);
  const input = useRef<HTMLInputElement>(null);
  const box = useRef<HTMLSpanElement>(null);
  const popupId = useId();
  const errorId = useId();

  // A value set from outside (a default, a reset, a period's button) replaces the text.
  useEffect(() => {
    if (value !== emitted.current) {
      emitted.current = value;
      setText(ruDate(value));
    }
  }, [value]);

  // The calendar is placed in fixed coordinates under (or above) the field, so a dialog's or a
  // table's scrolling box never clips it.
  const [place, setPlace] = useState<{ left: number; top: number } | null>(null);
  useLayoutEffect(() => {
    if (!open) return;
    const put = () => {
      // Under the whole field, its message included (the calendar never hides why a date is refused).
      const r = box.current?.getBoundingClientRect();
      if (!r) return;
      const below = r.bottom + 4;
      const top = below + POPUP_HEIGHT > window.innerHeight && r.top - 4 - POPUP_HEIGHT > 0 ? r.top - 4 - POPUP_HEIGHT : below;
      setPlace({ left: Math.max(4, Math.min(r.left, window.innerWidth - POPUP_WIDTH - 4)), top });
    };
    put();
    const close = (e: MouseEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    window.addEventListener('resize', put);
    window.addEventListener('scroll', put, true);
    return () => {
      document.removeEventListener('mousedown', close);
      window.removeEventListener('resize', put);
      window.removeEventListener('scroll', put, true);
    };
  }, [open]);

  const reading = readDate(text, { min, max, required });
  const showOwn = reading.error !== undefined && (touched || (reading.complete && text !== ''));
  const message = showOwn ? reading.error : props.error;

  const emit = (iso: string) => {
    if (iso !== emitted.current) {
      emitted.current = iso;
      onChange(iso);
    }
  };

  const typed = (e: ChangeEvent<HTMLInputElement>) => {
    const raw = e.target.value;
    const masked = maskDate(raw);
    const caret = caretAfterMask(raw, e.target.selectionStart ?? raw.length, masked);
    setText(masked);
    emit(readDate(masked, { min, max }).iso);
    requestAnimationFrame(() => {
      if (input.current === document.activeElement) input.current?.setSelectionRange(caret, caret);
    });
  };

  const picked = (d: Date | undefined) => {
    if (!d) return;
    const iso = isoDayOf(d);
    setText(ruDate(iso));
    setTouched(true);
    emit(readDate(ruDate(iso), { min, max }).iso);
    setOpen(false);
    input.current?.focus();
  };

  const shown = reading.iso ? dateOfIsoDay(reading.iso) : undefined;
  const disabledDays = [...(min ? [{ before: dateOfIsoDay(min) }] : []), ...(max ? [{ after: dateOfIsoDay(max) }] : [])];
  return (
    <span className={`date-field${message ? ' invalid' : ''}`} ref={box}>
      <span className="date-field-row">
        <input
          ref={input}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          placeholder="ДД.ММ.ГГГГ"
          size={11}
          maxLength={10}
          value={text}
          aria-label={props['aria-label']}
          aria-invalid={message ? true : undefined}
          aria-describedby={message ? errorId : undefined}
          aria-required={required ? true : undefined}
          disabled={props.disabled}
          autoFocus={props.autoFocus}
          onChange={typed}
          onBlur={() => setTouched(true)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' && e.altKey) setOpen(true);
            if (e.key === 'Escape' && open) {
              e.preventDefault();
              e.stopPropagation();
              setOpen(false);
            }
          }}
        />
        <button
          type="button"
          className="icon date-field-open"
          aria-label="Календарь"
          title="Выбрать в календаре (Alt+↓)"
          aria-expanded={open}
          aria-controls={open ? popupId : undefined}
          disabled={props.disabled}
          onClick={(e) => {
            // Inside a <label> a click would also focus the input; the button only toggles the calendar.
            e.preventDefault();
            setOpen((o) => !o);
          }}
        >
          ▦
        </button>
      </span>
      {open && (
        <span
          className="date-field-popup"
          style={place ? { left: place.left, top: place.top } : { visibility: 'hidden' }}
          id={popupId}
          role="dialog"
          aria-label="Календарь"
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              setOpen(false);
              input.current?.focus();
            }
          }}
        >
          <DayPicker
            mode="single"
            locale={ru}
            autoFocus
            selected={shown}
            defaultMonth={shown ?? (max && isoDayOf(new Date()) > max ? dateOfIsoDay(max) : min && isoDayOf(new Date()) < min ? dateOfIsoDay(min) : undefined)}
            onSelect={picked}
            disabled={disabledDays}
            {...(min ? { startMonth: dateOfIsoDay(min) } : {})}
            {...(max ? { endMonth: dateOfIsoDay(max) } : {})}
          />
        </span>
      )}
      {message && (
        <span className="field-error" id={errorId} role={showOwn ? 'alert' : undefined}>
          {message}
        </span>
      )}
    </span>
  );
}
