import { useId } from 'react';
import type { ScheduleWindow } from '../api/models';

export const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function minutes(hhmm: string): number | null {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** Which hours of the week (7 × 24) the enabled windows cover; overnight windows wrap into the next day. */
export function weekCoverage(windows: readonly ScheduleWindow[]): boolean[][] {
  const grid = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => false));
  for (const w of windows) {
    if (!w.enabled) continue;
    const start = minutes(w.time_start);
    const end = minutes(w.time_end);
    if (start === null || end === null) continue;
    for (const day of w.days) {
      if (day < 0 || day > 6) continue;
      const length = end > start ? end - start : 24 * 60 - start + end;
      for (let m = start; m < start + length; m += 60) {
        const at = Math.floor(m / 60);
        grid[(day + Math.floor(at / 24)) % 7]![at % 24] = true;
      }
    }
  }
  return grid;
}

/** Edits a camera's schedule windows: each window is a set of weekdays and a start–end time. */
export function ScheduleEditor({ value, onChange, disabled }: { value: ScheduleWindow[]; onChange: (next: ScheduleWindow[]) => void; disabled?: boolean }) {
  const id = useId();
  const update = (index: number, patch: Partial<ScheduleWindow>) => onChange(value.map((w, i) => (i === index ? { ...w, ...patch } : w)));
  const coverage = weekCoverage(value);
  return (
    <fieldset className="schedule-editor" disabled={disabled}>
      <legend>Schedule windows</legend>
      <p className="hint">Times in the server's time zone (HELDAR_TZ). An end before the start runs overnight.</p>
      {value.length === 0 ? <p className="muted">No windows: a scheduled camera records nothing.</p> : null}
      <ol className="schedule-windows">
        {value.map((w, i) => (
          <li key={i} className="schedule-window">
            <fieldset>
              <legend>Window {i + 1}</legend>
              <div className="days" role="group" aria-label={`Days of window ${i + 1}`}>
                {DAY_NAMES.map((name, day) => (
                  <label key={name} className="day-toggle">
                    <input
                      type="checkbox"
                      checked={w.days.includes(day)}
                      onChange={(e) => update(i, { days: e.target.checked ? [...w.days, day].sort() : w.days.filter((d) => d !== day) })}
                    />
                    {name}
                  </label>
                ))}
              </div>
              <div className="row">
                <label htmlFor={`${id}-start-${i}`}>From</label>
                <input id={`${id}-start-${i}`} type="time" value={w.time_start} onChange={(e) => update(i, { time_start: e.target.value })} />
                <label htmlFor={`${id}-end-${i}`}>to</label>
                <input id={`${id}-end-${i}`} type="time" value={w.time_end} onChange={(e) => update(i, { time_end: e.target.value })} />
                <label className="inline">
                  <input type="checkbox" checked={w.enabled} onChange={(e) => update(i, { enabled: e.target.checked })} /> enabled
                </label>
                <button type="button" className="link danger" onClick={() => onChange(value.filter((_, j) => j !== i))}>
                  Remove window {i + 1}
                </button>
              </div>
            </fieldset>
          </li>
        ))}
      </ol>
      <button type="button" onClick={() => onChange([...value, { days: [0, 1, 2, 3, 4], time_start: '08:00', time_end: '18:00', enabled: true }])}>
        Add window
      </button>
      <table className="week-grid" aria-hidden="true">
        <tbody>
          {coverage.map((hours, day) => (
            <tr key={day}>
              <th scope="row">{DAY_NAMES[day]}</th>
              {hours.map((on, h) => (
                <td key={h} className={on ? 'on' : ''} title={`${DAY_NAMES[day]} ${String(h).padStart(2, '0')}:00 ${on ? 'recording' : 'off'}`} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </fieldset>
  );
}
