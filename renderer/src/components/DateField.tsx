import { useEffect, useId, useRef, useState, type ChangeEvent } from 'react';
import { DayPicker } from 'react-day-picker';
import { ru } from 'react-day-picker/locale/ru';
import 'react-day-picker/style.css';
import { ruDate } from '../../../electron/contract/text/format';
import { caretAfterMask, maskDate, readDate } from './dateText';

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

const isoOf = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const dateOf = (iso: string) => new Date(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));

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

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
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
    const iso = isoOf(d);
    setText(ruDate(iso));
    setTouched(true);
    emit(readDate(ruDate(iso), { min, max }).iso);
    setOpen(false);
    input.current?.focus();
  };

  const shown = reading.iso ? dateOf(reading.iso) : undefined;
  const disabledDays = [...(min ? [{ before: dateOf(min) }] : []), ...(max ? [{ after: dateOf(max) }] : [])];
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
            defaultMonth={shown ?? (max && isoOf(new Date()) > max ? dateOf(max) : min && isoOf(new Date()) < min ? dateOf(min) : undefined)}
            onSelect={picked}
            disabled={disabledDays}
            {...(min ? { startMonth: dateOf(min) } : {})}
            {...(max ? { endMonth: dateOf(max) } : {})}
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
