// Memory view, from the kernel snapshot: each untyped region as a bar with the
// objects retyped from it and its watermark (used regions first), and each address
// space's mappings as virtual ranges -> physical frames with rights (neighbouring
// pages merged). Click a block or a range for its details. UI layer.
import { useMemo, useState } from 'react';
import type { KernelSnapshotView } from '../../shared/kernelView.ts';
import { selectKernelSnapshot } from '../state/selectors.ts';
import { useLab } from '../state/store.ts';
import { createUntypedBars } from '../viz/untypedBarsView.ts';
import { addressSpaces, hex, sizeText, untypedBars, type MappedRange } from '../viz/model/memory.ts';
import { DetailPane, type Detail } from './DetailPane.tsx';
import { useD3View, useSnapshotRefresh } from './hooks.ts';
import './views.css';

type Pick = { kind: 'slot'; id: string } | { kind: 'range'; range: MappedRange; asid: number };

function pickDetail(s: KernelSnapshotView, p: Pick): Detail | null {
  if (p.kind === 'range') {
    const r = p.range;
    return {
      title: `ASID ${p.asid}: ${hex(r.vaddr)}–${hex(r.end)}`,
      fields: [['virtual', `${hex(r.vaddr)} – ${hex(r.end)}`], ['physical', `${hex(r.paddr)} – ${hex(r.paddr + (r.end - r.vaddr))}`],
        ['kind', r.kind], ['rights', r.rights || '—'], ['pages', String(r.pages)], ['caps', r.slots.length > 6 ? `${r.slots.slice(0, 6).join(', ')} …` : r.slots.join(', ')]],
    };
  }
  const slot = s.slots.find((x) => x.id === p.id);
  const u = s.untypeds.find((x) => x.slot === p.id);
  if (u) return { title: `Untyped ${hex(u.paddr)}`, fields: [['size', sizeText(u.sizeBits)], ['watermark', `${u.watermark} bytes`], ['objects', String(u.children.length)], ['device', u.isDevice ? 'yes' : 'no'], ['slot', u.slot]] };
  return slot ? { title: `Object in ${slot.id}`, fields: [['cap', slot.cap.text], ['object', slot.cap.object ?? '—'], ['derived from', slot.parent ?? '—']] } : null;
}

export function UntypedView() {
  useSnapshotRefresh();
  const snap = useLab(selectKernelSnapshot);
  const [pick, setPick] = useState<Pick | null>(null);
  const bars = useMemo(() => (snap ? untypedBars(snap) : []), [snap]);
  const spaces = useMemo(() => (snap ? addressSpaces(snap) : []), [snap]);
  const model = useMemo(() => ({ bars, selected: pick?.kind === 'slot' ? pick.id : null }), [bars, pick]);
  const [onSelect] = useState(() => (id: string) => setPick({ kind: 'slot', id }));
  const ref = useD3View(createUntypedBars, { onSelect }, model);
  if (!snap) return <p className="placeholder">Build or run a program to see its memory.</p>;
  return (
    <div className="kv-view">
      <div className="kv-bar">
        <span className="kv-count" data-testid="untyped-count">{bars.length} untyped regions · {bars.filter((b) => b.used > 0).length} in use · {snap.mappings.length} mappings</span>
      </div>
      <div className="kv-scroll kv-split">
        <h4 className="kv-subhead">Untyped memory <span className="muted">(blocks: objects retyped; line: watermark)</span></h4>
        <div className="kv-canvas" ref={ref} data-testid="untyped-bars" />
        {spaces.map((sp) => (
          <section key={sp.asid} aria-label={`Mappings of ASID ${sp.asid}`}>
            <h4 className="kv-subhead">ASID {sp.asid} <span className="muted">({sp.threads.join(', ') || 'no thread'})</span></h4>
            <table className="kv-table" aria-label={`Frames mapped in ASID ${sp.asid}`}>
              <thead><tr><th>virtual</th><th>→ physical</th><th>size</th><th>rights</th></tr></thead>
              <tbody>
                {[...sp.frames, ...sp.tables].map((r) => (
                  <tr key={`${r.kind}${r.vaddr}${r.paddr}`} tabIndex={0} className={pick?.kind === 'range' && pick.range === r ? 'kv-selected' : ''}
                    onClick={() => setPick({ kind: 'range', range: r, asid: sp.asid })} onKeyDown={(e) => { if (e.key === 'Enter') setPick({ kind: 'range', range: r, asid: sp.asid }); }}>
                    <td className="kv-mono">{hex(r.vaddr)}–{hex(r.end)}</td>
                    <td className="kv-mono">{hex(r.paddr)}</td>
                    <td>{r.kind === 'pageTable' ? 'page table' : `${r.pages} page${r.pages === 1 ? '' : 's'}`}</td>
                    <td className="kv-mono">{r.rights}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
      </div>
      <DetailPane detail={pick ? pickDetail(snap, pick) : null} onClose={() => setPick(null)} />
    </div>
  );
}
