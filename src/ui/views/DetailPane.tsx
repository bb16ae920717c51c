// The detail pane under a live view: everything about the selected row, message,
// bar or cap, as a title and name/value pairs, with a close button. UI layer.

export type Detail = { title: string; fields: [string, string][]; lines?: string[] };

export function DetailPane({ detail, onClose }: { detail: Detail | null; onClose: () => void }) {
  if (!detail) return null;
  return (
    <section className="kv-details" aria-label={`Details: ${detail.title}`}>
      <div className="kv-details-head">
        <strong>{detail.title}</strong>
        <button type="button" onClick={onClose} aria-label="Close details">×</button>
      </div>
      <dl>
        {detail.fields.map(([k, v]) => <div key={k}><dt>{k}</dt><dd>{v}</dd></div>)}
      </dl>
      {detail.lines?.length ? <ol className="kv-detail-lines">{detail.lines.map((l, i) => <li key={i}>{l}</li>)}</ol> : null}
    </section>
  );
}

/** While running, the views draw the newest records only (hooks.ts RUNNING_WINDOW). */
export function WindowNote({ windowed, size }: { windowed: boolean; size: number }) {
  return windowed ? <span className="muted" title="While the program runs, the views draw from the newest records only; pause to see all the page holds">newest {size.toLocaleString('en-US')} records</span> : null;
}

/** "3 dropped": the records lost before the page could show them, if any. */
export function DroppedNote({ dropped }: { dropped: number }) {
  return dropped > 0 ? <span className="kv-dropped" title="The oldest records were dropped to stay within the memory budget">{dropped.toLocaleString('en-US')} dropped</span> : null;
}
