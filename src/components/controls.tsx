/** Controls bound to fields of the schema table; every control is labelled and keyboard operable. */
import { memo, useId, useState } from 'react';
import { FIELD_BY_PATH, getPath, type FieldDef } from '../schema/schema.ts';
import { displayUnit, formatFieldValue, readFieldInput } from '../schema/field-input.ts';
import { useExplorer } from '../state/react.ts';

const LOG_STEPS = 1000;

function toSlider(f: FieldDef & { kind: 'number' }, v: number): number {
  if (f.scale === 'log') return Math.round((LOG_STEPS * Math.log(v / f.min)) / Math.log(f.max / f.min));
  return v;
}

function fromSlider(f: FieldDef & { kind: 'number' }, s: number): number {
  if (f.scale === 'log') {
    const v = f.min * Math.exp((s / LOG_STEPS) * Math.log(f.max / f.min));
    return Number(v.toPrecision(3));
  }
  return Number(s.toFixed(6));
}

function useField(path: string): { f: FieldDef; value: unknown; hidden: boolean } {
  const f = FIELD_BY_PATH.get(path);
  if (!f) throw new Error(`no field ${path}`);
  const value = useExplorer((s) => getPath(s.config, path));
  const hidden = useExplorer((s) => s.config.ui.hide.includes(f.key));
  return { f, value, hidden };
}

/**
 * A slider plus an exact text entry (with units, e.g. "5ns") for a number field. Memoised (as are the other
 * controls): a panel re-rendered for new results does not re-render its controls.
 */
export const NumberControl = memo(function NumberControl({
  path,
  slider: withSlider = true,
}: {
  path: string;
  slider?: boolean;
}) {
  const { f, value, hidden } = useField(path);
  const setField = useExplorer((s) => s.actions.setField);
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (hidden || (f.kind !== 'number' && f.kind !== 'int')) return null;
  const text = formatFieldValue(f, value);
  const unit = displayUnit(f).symbol;
  // the schema label, with the unit the field reads (a unit written in the label itself is dropped)
  const label = unit ? `${f.label.replace(/\s*\([^)]*\^2\)$/, '')} (${unit})` : f.label;
  const commit = () => {
    if (draft === null) return;
    const r = readFieldInput(f, draft);
    if (r.ok) {
      setField(path, r.value);
      setError(null);
    } else {
      // the error sits next to the field; the configuration keeps its value
      setError(`${r.message}; the previous value ${text} was kept`);
    }
    setDraft(null);
  };
  const slider =
    f.kind === 'number' && withSlider ? (
      <input
        type="range"
        id={id}
        data-testid={`control.${f.key}`}
        aria-label={f.label}
        min={f.scale === 'log' ? 0 : f.min}
        max={f.scale === 'log' ? LOG_STEPS : f.max}
        step={f.scale === 'log' ? 1 : (f.step ?? (f.max - f.min) / 100)}
        value={toSlider(f, value as number)}
        aria-valuetext={text}
        onChange={(e) => {
          setError(null);
          setField(path, fromSlider(f, Number(e.target.value)));
        }}
      />
    ) : null;
  return (
    <div className="control">
      <label htmlFor={slider ? id : `${id}-text`}>{label}</label>
      {slider}
      <input
        className="exact"
        id={`${id}-text`}
        data-testid={`control.${f.key}.text`}
        aria-label={`${f.label} (exact value)`}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        value={draft ?? text}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') setDraft(null);
        }}
      />
      {error && (
        <span className="field-error" id={`${id}-error`} role="alert" data-testid={`control.${f.key}.error`}>
          {error}
        </span>
      )}
    </div>
  );
});

/** A select for an enum field. */
export const EnumControl = memo(function EnumControl({
  path,
  labels,
}: {
  path: string;
  labels?: Record<string, string>;
}) {
  const { f, value, hidden } = useField(path);
  const setField = useExplorer((s) => s.actions.setField);
  const id = useId();
  if (hidden || f.kind !== 'enum') return null;
  return (
    <div className="control">
      <label htmlFor={id}>{f.label}</label>
      <select
        id={id}
        data-testid={`control.${f.key}`}
        value={String(value)}
        onChange={(e) => setField(path, e.target.value)}
      >
        {f.choices.map((c) => (
          <option key={c} value={c}>
            {labels?.[c] ?? c}
          </option>
        ))}
      </select>
    </div>
  );
});

/** A power-of-two size picker (capacity, word width). */
export const Pow2Control = memo(function Pow2Control({
  path,
  format,
}: {
  path: string;
  format: (n: number) => string;
}) {
  const { f, value, hidden } = useField(path);
  const setField = useExplorer((s) => s.actions.setField);
  const id = useId();
  if (hidden || f.kind !== 'int') return null;
  const lo = Math.log2(f.min);
  const hi = Math.log2(f.max);
  const e = Math.log2(value as number);
  return (
    <div className="control">
      <label htmlFor={id}>{f.label}</label>
      <input
        type="range"
        id={id}
        data-testid={`control.${f.key}`}
        aria-label={f.label}
        min={lo}
        max={hi}
        step={1}
        value={e}
        aria-valuetext={format(value as number)}
        onChange={(ev) => setField(path, 2 ** Number(ev.target.value))}
      />
      <output data-testid={`control.${f.key}.value`}>{format(value as number)}</output>
    </div>
  );
});
