/**
 * The security audit in docs/ARCHITECTURE.md ("Security: what a workspace can decide") lists every
 * setting with what a hostile repository could do with it. A new setting must get its row.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

describe('security audit (docs/ARCHITECTURE.md)', () => {
  it('names every setting declared in package.json', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, unknown> } | { properties: Record<string, unknown> }[] } };
    const keys = [manifest.contributes.configuration].flat().flatMap((c) => Object.keys(c.properties));
    const doc = readFileSync(join(root, 'docs', 'ARCHITECTURE.md'), 'utf8');
    const start = doc.indexOf('## Security');
    assert.ok(start >= 0, 'docs/ARCHITECTURE.md has a "## Security" section');
    const next = doc.indexOf('\n## ', start + 1);
    const section = doc.slice(start, next < 0 ? undefined : next);
    // A row may name a key in full or, after a full key of the same group, as `.suffix`.
    const named = (key: string) => section.includes(`\`${key}\``) || section.includes(`\`.${key.split('.').at(-1)}\``);
    const missing = keys.filter((key) => !named(key));
    assert.ok(keys.length >= 15, 'the settings were read');
    assert.deepEqual(missing, [], 'add a row for each (what a hostile repository could do with it; how it is prevented or why acceptable)');
  });
});
