// Per-slice figures (instructions retired, speed) kept outside React: the worker
// updates them up to a hundred times a second, and the status bar samples them at
// a few frames per second (useLiveStats). UI layer.

import { useEffect, useState } from 'react';

export interface LiveStats {
  instret: number;
  mips: number;
}

const stats: LiveStats = { instret: 0, mips: 0 };

export function updateLiveStats(instret: number, mips?: number): void {
  stats.instret = instret;
  if (mips !== undefined) stats.mips = mips;
}

export function readLiveStats(): LiveStats {
  return { ...stats };
}

/** The live figures, re-sampled every `periodMs` while `active`, and once whenever
 *  `active` or `stamp` (e.g. a count of stops) changes. */
export function useLiveStats(active: boolean, stamp: number, periodMs = 200): LiveStats {
  const [value, setValue] = useState<LiveStats>(readLiveStats);
  useEffect(() => {
    setValue(readLiveStats());
    if (!active) return;
    let last = 0;
    let frame = requestAnimationFrame(function tick(t) {
      if (t - last >= periodMs) {
        last = t;
        setValue(readLiveStats());
      }
      frame = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(frame);
  }, [active, stamp, periodMs]);
  return value;
}
