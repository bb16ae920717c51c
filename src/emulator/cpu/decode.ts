// Instruction decoder: 32-bit A64 word -> base form of encodings.ts + raw fields.
// Emulator layer, no DOM. Follows the Arm ARM C4.1 top-level decode: forms are
// bucketed by bits [28:21] (op0 and the next four bits), then matched in table order;
// encodings the table marks reserved/unallocated decode to null (UNDEFINED).

import { FORMS, extractFields, type Form } from './encodings.ts';

export interface Decoded {
  form: Form;
  /** Raw unsigned field values by Arm ARM field name (no sign extension). */
  f: Record<string, number>;
}

const BUCKET_SHIFT = 21;
const BUCKET_BITS = 8;

function buildBuckets(forms: readonly Form[]): Form[][] {
  const buckets: Form[][] = Array.from({ length: 1 << BUCKET_BITS }, () => []);
  const keyMask = ((1 << BUCKET_BITS) - 1) << BUCKET_SHIFT;
  for (const form of forms) {
    for (let k = 0; k < buckets.length; k++) {
      const bits = k << BUCKET_SHIFT;
      // The form can match words in this bucket if its fixed bits agree with the key.
      if (((bits ^ form.match) & form.mask & keyMask) === 0) buckets[k].push(form);
    }
  }
  return buckets;
}

const BUCKETS = buildBuckets(FORMS);

/** Find the form (table order) whose fixed bits match `word` and whose fields are not reserved. */
export function findForm(word: number, buckets: Form[][] = BUCKETS): Decoded | null {
  const w = word >>> 0;
  const list = buckets[(w >>> BUCKET_SHIFT) & ((1 << BUCKET_BITS) - 1)];
  for (let i = 0; i < list.length; i++) {
    const form = list[i];
    if (((w & form.mask) >>> 0) !== form.match) continue;
    const f = extractFields(form, w);
    if (form.reserved && form.reserved(f)) continue;
    return { form, f };
  }
  return null;
}

/** Decode one instruction word to its base form; null means UNDEFINED (not in the table or reserved). */
export function decode(word: number): Decoded | null {
  return findForm(word, BUCKETS);
}

/** Bucket builder for other form lists (the disassembler adds UDF). */
export function makeBuckets(forms: readonly Form[]): Form[][] {
  return buildBuckets(forms);
}
