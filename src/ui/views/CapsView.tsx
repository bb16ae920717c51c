// Capabilities view, from the kernel snapshot: a thread's CSpace as a tree of
// CNodes (guard and radix) with every slot's type, rights, badge and object (long
// runs of one type folded), its TCB slots, and the capability derivation tree as a
// picture. Slots added or changed since the previous snapshot are highlighted; the
// thread's lab-extension settings (syscall window, pins, vCPU model) head its CSpace.
// Click a slot or a node for the cap and its object. UI layer.
import { useMemo, useState } from 'react';
import type { KernelSnapshotView, SlotView } from '../../shared/kernelView.ts';
import { selectKernelSnapshot, selectPreviousKernelSnapshot } from '../state/selectors.ts';
import { useLab } from '../state/store.ts';
import { createCdtView } from '../viz/cdtView.ts';
import { buildCdt, buildCSpaces, derivedTrees, diffSnapshots, highlighted, objectDetail, slotPlace, slotRuns, type CNodeTree } from '../viz/model/capTree.ts';
import { labExtensionFields } from '../viz/model/threadLab.ts';
import { DetailPane, type Detail } from './DetailPane.tsx';
import { useD3View, useSnapshotRefresh } from './hooks.ts';
import './views.css';

const hex = (v: bigint) => `0x${v.toString(16)}`;

function slotDetail(s: KernelSnapshotView, slot: SlotView): Detail {
  const c = slot.cap;
  const fields: [string, string][] = [
    ['slot', `${slot.id}${slot.inTcb ? ' (in a TCB)' : ''}`], ['cap', c.text], ['type', c.type], ['object', c.object ?? '—'],
    ['rights', c.rights ?? '—'], ['badge', c.badge === null ? '—' : String(c.badge)],
    ['derived from', slot.parent ?? '— (original)'], ['revocable', slot.revocable ? 'yes' : 'no'],
  ];
  return { title: `Cap in ${slot.id}`, fields, lines: objectDetail(s, slot) };
}

export function CapsView() {
  useSnapshotRefresh();
  const snap = useLab(selectKernelSnapshot);
  const prev = useLab(selectPreviousKernelSnapshot);
  const [thread, setThread] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const spaces = useMemo(() => (snap ? buildCSpaces(snap) : []), [snap]);
  const fresh = useMemo(() => (snap && prev ? highlighted(diffSnapshots(prev, snap)) : new Set<string>()), [snap, prev]);
  const cdt = useMemo(() => ({ ...derivedTrees(snap ? buildCdt(snap) : []), highlight: fresh, selected, place: (x: SlotView) => (snap ? slotPlace(snap, x) : '') }), [snap, fresh, selected]);
  const ref = useD3View(createCdtView, { onSelect: setSelected }, cdt);
  if (!snap) return <p className="placeholder">Build or run a program to see its capabilities.</p>;
  const space = spaces.find((s) => s.thread === thread) ?? spaces[0];
  const chosen = selected ? snap.slots.find((x) => x.id === selected) ?? null : null;
  return (
    <div className="kv-view">
      <div className="kv-bar">
        <label>CSpace of <select aria-label="Thread whose CSpace is shown" value={space?.thread ?? ''} onChange={(e) => setThread(e.target.value)}>
          {spaces.map((s) => <option key={s.thread} value={s.thread}>{s.thread}</option>)}
        </select></label>
        <span className="kv-count" data-testid="caps-count">{snap.slots.length} caps · time {snap.time}</span>
        {fresh.size ? <span className="kv-new-note">{fresh.size} new or changed</span> : null}
      </div>
      <div className="kv-scroll kv-split">
        <div className="kv-cspace" aria-label="CSpace">
          <LabExtensions snap={snap} thread={space?.thread ?? ''} />
          {space?.root ? <CNodeBlock tree={space.root} depth={0} fresh={fresh} selected={selected} onSelect={setSelected} /> : <p className="placeholder">No CSpace root.</p>}
          {space && space.tcbSlots.length ? (
            <details className="kv-tcbslots"><summary>TCB slots of {space.thread}</summary>
              <SlotTable slots={space.tcbSlots} fresh={fresh} selected={selected} onSelect={setSelected} />
            </details>
          ) : null}
        </div>
        <h4 className="kv-subhead">Derivation tree <span className="muted">({cdt.trees.length} trees; {cdt.leftOut} original caps with nothing derived left out)</span></h4>
        <div className="kv-canvas" ref={ref} data-testid="cdt" />
      </div>
      <DetailPane detail={chosen ? slotDetail(snap, chosen) : null} onClose={() => setSelected(null)} />
    </div>
  );
}

/** The thread's settings of the lab extensions (not seL4), when it has any. */
function LabExtensions({ snap, thread }: { snap: KernelSnapshotView; thread: string }) {
  const t = snap.threads.find((x) => x.name === thread);
  const fields = t ? labExtensionFields(t) : [];
  if (!fields.length) return null;
  return (
    <section className="kv-lab" aria-label={`Lab extensions of ${thread}`} data-testid="thread-lab">
      <strong>{thread}: lab extension (not seL4)</strong>
      <dl>{fields.map(([k, v]) => <div key={k}><dt>{k}</dt><dd>{v}</dd></div>)}</dl>
    </section>
  );
}

interface BlockProps { tree: CNodeTree; depth: number; fresh: Set<string>; selected: string | null; onSelect: (id: string) => void }

function CNodeBlock({ tree, depth, fresh, selected, onSelect }: BlockProps) {
  const guard = tree.guard ? `guard ${hex(tree.guard.value)}/${tree.guard.size} bits` : 'guard ?';
  return (
    <div className="kv-cnode" style={{ marginLeft: depth * 14 }}>
      <div className="kv-cnode-head">CNode {hex(tree.paddr)} · radix {tree.radix} ({2 ** tree.radix} slots) · {guard} · {tree.slots.length} used</div>
      {slotRuns(tree.slots).map((run) => run.entries.length > 3 && !run.entries.some((e) => fresh.has(e.slot.id) || e.slot.id === selected) ? (
        <details key={run.first} className="kv-run"><summary>slots {run.first}–{run.last}: {run.entries.length} {run.type} caps</summary>
          <SlotTable slots={run.entries.map((e) => e.slot)} fresh={fresh} selected={selected} onSelect={onSelect} />
        </details>
      ) : (
        <div key={run.first}>
          <SlotTable slots={run.entries.map((e) => e.slot)} fresh={fresh} selected={selected} onSelect={onSelect} />
          {run.entries.map((e) => e.child ? <CNodeBlock key={e.slot.id} tree={e.child} depth={depth + 1} fresh={fresh} selected={selected} onSelect={onSelect} /> : null)}
        </div>
      ))}
    </div>
  );
}

interface TableProps { slots: SlotView[]; fresh: Set<string>; selected: string | null; onSelect: (id: string) => void }

function SlotTable({ slots, fresh, selected, onSelect }: TableProps) {
  return (
    <table className="kv-table kv-slots">
      <colgroup><col className="kv-col-index" /><col className="kv-col-type" /><col className="kv-col-rights" /><col className="kv-col-badge" /><col /></colgroup>
      <tbody>
        {slots.map((s) => (
          <tr key={s.id} className={`${fresh.has(s.id) ? 'kv-new' : ''}${s.id === selected ? ' kv-selected' : ''}`} tabIndex={0}
            aria-label={`slot ${s.index}: ${s.cap.text}`} data-slot={s.id}
            onClick={() => onSelect(s.id)} onKeyDown={(e) => { if (e.key === 'Enter') onSelect(s.id); }}>
            <td className="kv-num">{s.index}</td>
            <td className={`kv-type kv-t-${s.cap.type}`}>{s.cap.type}</td>
            <td className="kv-mono">{s.cap.rights ?? ''}</td>
            <td className="kv-mono">{s.cap.badge !== null && s.cap.badge !== 0n ? `badge ${s.cap.badge}` : ''}</td>
            <td className="kv-mono kv-wide">{s.cap.object ?? s.cap.text}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
