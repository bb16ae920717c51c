// The layout's size arithmetic: stored layouts are parsed or refused, a boundary moves
// by the drag but never past either pane's minimum, and shares are what the grid gets.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LAYOUT, gridStyle, moveBoundary, parseLayout, shares } from './layout.ts';

describe('parseLayout', () => {
  it('reads back what was stored', () => {
    const l = { cols: [0.3, 0.2, 0.5], rows: [0.6, 0.4] };
    expect(parseLayout(JSON.stringify(l))).toEqual(l);
  });
  it('refuses missing, malformed or impossible sizes', () => {
    for (const t of [null, '', '{', '[]', '{"cols":[1,2],"rows":[1,1]}', '{"cols":[1,2,-3],"rows":[1,1]}',
      '{"cols":[1,2,3],"rows":[1,"x"]}', '{"cols":[1,2,3],"rows":[0,1]}', '{"cols":[1,2,null],"rows":[1,1]}']) {
      expect(parseLayout(t)).toBeNull();
    }
  });
});

describe('moveBoundary', () => {
  it('moves the boundary by the drag', () => {
    expect(moveBoundary([400, 300, 500], 0, 50, 200)).toEqual([450, 250, 500]);
    expect(moveBoundary([400, 300, 500], 1, -60, 200)).toEqual([400, 240, 560]);
  });
  it('stops at either minimum', () => {
    expect(moveBoundary([400, 300, 500], 0, 500, 200)).toEqual([500, 200, 500]);
    expect(moveBoundary([400, 300, 500], 0, -500, 200)).toEqual([200, 500, 500]);
  });
  it('keeps the pair\'s total and never shrinks a pane below the minimum (or below its size when already smaller)', () => {
    fc.assert(fc.property(fc.integer({ min: 50, max: 2000 }), fc.integer({ min: 50, max: 2000 }), fc.integer({ min: -3000, max: 3000 }), (a, b, d) => {
      const [x, y] = moveBoundary([a, b], 0, d, 200);
      expect(x + y).toBe(a + b);
      expect(x).toBeGreaterThanOrEqual(Math.min(a, 200));
      expect(y).toBeGreaterThanOrEqual(Math.min(b, 200) - 1e-9);
    }));
  });
});

describe('shares and the grid', () => {
  it('shares sum to one', () => {
    expect(shares([300, 300, 600])).toEqual([0.25, 0.25, 0.5]);
  });
  it('the default layout leaves the grid to the stylesheet; a chosen one sets both tracks', () => {
    expect(gridStyle(null)).toEqual({});
    const g = gridStyle({ ...DEFAULT_LAYOUT, cols: [0.25, 0.25, 0.5] });
    expect(g['--ws-cols']).toBe('minmax(200px, 250fr) minmax(200px, 250fr) minmax(200px, 500fr)');
    expect(g['--ws-rows']).toMatch(/^minmax\(120px, [\d.]+fr\) minmax\(120px, [\d.]+fr\)$/);
  });
});
