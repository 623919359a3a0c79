/**
 * The bytes of rows built row by row (`CopyRows`): the UTF-8 of the rows joined, whatever their
 * letters (Cyrillic, surrogate pairs) and however often the buffer has to grow; a `take` starts
 * the next rows afresh and leaves the bytes given untouched (they may still be on their way).
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { CopyRows } from '../../../central/copyRows.js';

it('gives the UTF-8 of the rows added, in order, growing past its first capacity', () => {
  fc.assert(
    fc.property(fc.array(fc.array(fc.string({ unit: 'grapheme', maxLength: 40 }), { maxLength: 30 }), { maxLength: 5 }), fc.integer({ min: 1, max: 64 }), (batches, capacity) => {
      const rows = new CopyRows(capacity);
      const taken: Array<{ bytes: Buffer; text: string }> = [];
      for (const batch of batches) {
        for (const r of batch) rows.add(`${r}\n`);
        expect(rows.rows).toBe(batch.length);
        taken.push({ bytes: rows.take(), text: batch.map((r) => `${r}\n`).join('') });
      }
      // Every batch's bytes are still its own after the later ones were written.
      for (const t of taken) expect(t.bytes.toString('utf8')).toBe(t.text);
    }),
  );
});

it('leaves out the last line end when asked, and gives nothing for no rows', () => {
  const rows = new CopyRows(4);
  expect(rows.take(1).length).toBe(0);
  rows.add('Ёлкин\tПётр\n');
  rows.add('a\n');
  expect(rows.take(1).toString('utf8')).toBe('Ёлкин\tПётр\na');
  expect(rows.rows).toBe(0);
});
