// IPC view: the sequence diagram of the messages the kernel transferred (threads
// as lifelines; calls, replies, sends and fault messages as arrows with label,
// badge, length and caps), blocked stretches dashed on the lifelines, filtered by
// thread and endpoint, newest messages last. Click an arrow for all of it, MRs too. Redrawn at most once per animation frame. UI layer.
import { useMemo, useState } from 'react';
import { createIpcSequence } from '../viz/ipcSequenceView.ts';
import { buildIpcSequence, filterSequence, lastMessages, type IpcMessage } from '../viz/model/ipcSequence.ts';
import { DetailPane, DroppedNote, WindowNote, type Detail } from './DetailPane.tsx';
import { rememberLast, useD3View, useKernelRecords } from './hooks.ts';
import './views.css';

/** Messages drawn: the newest ones (fewer while the program runs). */
const SHOWN = 300, SHOWN_RUNNING = 60;
/** The sequence of the last records read (built once per read of the log). */
const sequenceOf = rememberLast(buildIpcSequence);

function messageDetail(m: IpcMessage): Detail {
  return {
    title: `Message #${m.seq}`,
    fields: [
      ['kind', m.kind], ['from', m.from], ['to', m.to], ['label', `${m.label} (0x${m.label.toString(16)})`],
      ['badge', `${m.badge} (0x${m.badge.toString(16)})`], ['length', `${m.length} message register${m.length === 1 ? '' : 's'}`],
      ['caps', String(m.caps)], ['endpoint', m.ep ?? (m.via ? `reply (call via ${m.via})` : 'reply')],
      ['MRs', m.mrs.length ? m.mrs.map((v, i) => `MR${i}=0x${v.toString(16)}`).join(' ') + (m.length > m.mrs.length ? ' …' : '') : 'none'],
      ['time', String(m.time)],
    ],
  };
}

export function IpcView() {
  const { records, dropped, windowed, running, pending } = useKernelRecords();
  const max = running ? SHOWN_RUNNING : SHOWN;
  const [thread, setThread] = useState('');
  const [endpoint, setEndpoint] = useState('');
  const [selected, setSelected] = useState<IpcMessage | null>(null);
  const all = sequenceOf(records);
  const shown = useMemo(() => lastMessages(filterSequence(all, thread || null, endpoint || null), max), [all, thread, endpoint, max]);
  const model = useMemo(() => ({ sequence: shown, selected: selected?.seq ?? null }), [shown, selected]);
  const ref = useD3View(createIpcSequence, { onSelect: setSelected }, model);
  return (
    <div className="kv-view">
      <div className="kv-bar">
        <label>Thread <select aria-label="Filter messages by thread" value={thread} onChange={(e) => setThread(e.target.value)}>
          <option value="">all</option>
          {all.lifelines.map((t) => <option key={t} value={t}>{t}</option>)}
        </select></label>
        <label>Endpoint <select aria-label="Filter messages by endpoint" value={endpoint} onChange={(e) => setEndpoint(e.target.value)}>
          <option value="">all</option>
          {all.endpoints.map((ep) => <option key={ep} value={ep}>{ep}</option>)}
        </select></label>
        <span className="kv-count" data-testid="ipc-count">{all.messages.length} message{all.messages.length === 1 ? '' : 's'}{shown.messages.length < all.messages.length ? ` (${shown.messages.length} shown)` : ''}</span>
        <span className="kv-legend"><i className="kv-key kv-call" />call <i className="kv-key kv-reply" />reply <i className="kv-key kv-send" />send <i className="kv-key kv-fault" />fault <i className="kv-key kv-waitline" />blocked</span>
        <WindowNote windowed={windowed} size={records.length} />
        <DroppedNote dropped={dropped} />
      </div>
      {all.messages.length === 0 && !pending ? <p className="placeholder">No IPC yet: messages appear here as threads Send, Call and Reply.</p> : null}
      <div className="kv-scroll kv-canvas" ref={ref} data-testid="ipc-diagram" />
      <DetailPane detail={selected ? messageDetail(selected) : null} onClose={() => setSelected(null)} />
    </div>
  );
}

