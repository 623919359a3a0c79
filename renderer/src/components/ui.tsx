import { useEffect, useRef, type ReactNode } from 'react';

export function ErrorBanner({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <div className="banner error" role="alert">
      {message}
    </div>
  );
}

export function Notice({ children, kind = 'info' }: { children: ReactNode; kind?: 'info' | 'ok' | 'warn' }) {
  return (
    <div className={`banner ${kind}`} role="status">
      {children}
    </div>
  );
}

export function Field(props: { label: string; error?: string | undefined; children: ReactNode; hint?: string }) {
  return (
    <label className={`field${props.error ? ' invalid' : ''}`}>
      <span className="field-label">{props.label}</span>
      {props.children}
      {props.hint && !props.error && <span className="field-hint">{props.hint}</span>}
      {props.error && <span className="field-error">{props.error}</span>}
    </label>
  );
}

export function Dialog(props: { title: string; onClose: () => void; children: ReactNode; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  return (
    <dialog ref={ref} className={`dialog${props.wide ? ' wide' : ''}`} aria-label={props.title} onCancel={props.onClose}>
      <header>
        <h2>{props.title}</h2>
        <button type="button" className="icon" aria-label="Закрыть" onClick={props.onClose}>
          ×
        </button>
      </header>
      <div className="dialog-body">{props.children}</div>
    </dialog>
  );
}

export function ProgressBar({ done, total, label }: { done: number; total: number; label?: string | undefined }) {
  const pct = total > 0 ? Math.round((done / total) * 100) : 0;
  return (
    <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
      <div className="progress-bar" style={{ width: `${pct}%` }} />
      <span>
        {label ? `${label}: ` : ''}
        {done} из {total}
      </span>
    </div>
  );
}

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="page-header">
      <h1>{title}</h1>
      <div className="page-actions">{children}</div>
    </div>
  );
}
