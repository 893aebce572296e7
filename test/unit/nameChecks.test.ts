import * as assert from 'node:assert/strict';
import { ReleaseError } from '../../src/release/errors';
import { checkNameCharacters, describeNameCollision, findNameCollisions } from '../../src/release/nameChecks';

const NFC = 'caf\u00e9.js';
const NFD = 'cafe\u0301.js';

describe('file names that collide outside Linux', () => {
  it('groups names that differ only in Unicode normalization (NFC vs NFD)', () => {
    assert.deepEqual(findNameCollisions([NFD, NFC].sort()), [{ paths: [NFD, NFC].sort(), reason: 'normalization' }]);
  });

  it('groups names that differ only in case, in the file or in a folder of its path', () => {
    assert.deepEqual(findNameCollisions(['README.md', 'Readme.md', 'a.js', 'lib/x.js', 'Lib/x.js'].sort()), [
      { paths: ['Lib/x.js', 'lib/x.js'], reason: 'case' },
      { paths: ['README.md', 'Readme.md'], reason: 'case' },
    ]);
  });

  it('says when it takes both case and normalization to make two names one', () => {
    const upperNfc = 'CAF\u00c9.js';
    assert.deepEqual(findNameCollisions([upperNfc, NFD].sort()), [{ paths: [upperNfc, NFD].sort(), reason: 'case and normalization' }]);
  });

  it('leaves distinct names alone: different letters, a file beside a folder of another name', () => {
    assert.deepEqual(findNameCollisions(['a.js', 'b.js', 'lib/a.js', 'lib.js', 'ß.js', 'ss.js'].sort()), []);
  });

  it('describes a collision naming every path and the normalization forms', () => {
    assert.equal(
      describeNameCollision({ paths: [NFD, NFC], reason: 'normalization' }),
      `${NFD} (NFD), ${NFC} (NFC) differ only in Unicode normalization: unzipped on macOS or Windows, one overwrites the other (Lambda, on Linux, keeps both).`,
    );
    assert.equal(
      describeNameCollision({ paths: ['A.js', 'a.js'], reason: 'case' }),
      'A.js, a.js differ only in case: unzipped on macOS or Windows, one overwrites the other (Lambda, on Linux, keeps both).',
    );
  });

  for (const [name, shown, what] of [
    ['notes\nfinal.txt', '"notes\\nfinal.txt"', 'U+000A, a newline'],
    ['tab\there.js', '"tab\\there.js"', 'U+0009, a tab'],
    ['lib/\u001b[31mred.js', '"lib/\\u001b[31mred.js"', 'U+001B, an escape'],
    ['del\u007f.js', '"del\\u007f.js"', 'U+007F'],
    ['c1\u0085.js', '"c1\\u0085.js"', 'U+0085'],
  ] as const) {
    it(`refuses a name with a control character, naming it escaped: ${JSON.stringify(name)}`, () => {
      assert.throws(
        () => checkNameCharacters(name, '.lambdaignore'),
        (error: unknown) =>
          error instanceof ReleaseError &&
          error.kind === 'validation' &&
          error.message === `The name ${shown} contains a control character (${what}); it is not deployed that way.` &&
          /Rename it, or leave it out with a \.lambdaignore pattern/.test(error.hint ?? ''),
      );
    });
  }

  it('accepts ordinary names, spaces and non-Latin letters included', () => {
    for (const name of ['index.js', 'my file (1).txt', 'ünïcode/名前.json', NFD]) checkNameCharacters(name, '.lambdaignore');
  });
});
