import * as assert from 'node:assert/strict';
import { formatBytes, timeAgo } from '../../src/tree/format';

describe('tree display helpers', () => {
  const now = Date.parse('2026-11-23T12:00:00Z');

  it('timeAgo reads like a person would say it', () => {
    assert.equal(timeAgo('2026-11-23T11:59:30Z', now), 'just now');
    assert.equal(timeAgo('2026-11-23T11:58:00Z', now), '2 min ago');
    assert.equal(timeAgo('2026-11-23T09:00:00Z', now), '3 h ago');
    assert.equal(timeAgo('2026-11-13T12:00:00Z', now), '10 days ago');
    assert.equal(timeAgo('2025-01-02T12:00:00Z', now), '2025-01-02');
  });

  it('timeAgo keeps what it cannot parse and is empty for nothing', () => {
    assert.equal(timeAgo(undefined, now), '');
    assert.equal(timeAgo('not a date', now), 'not a date');
    // Lambda's LastModified format (+0000 offset) parses.
    assert.equal(timeAgo('2026-11-23T11:00:00.000+0000', now), '1 h ago');
  });

  it('formatBytes picks a unit', () => {
    assert.equal(formatBytes(undefined), '?');
    assert.equal(formatBytes(512), '512 B');
    assert.equal(formatBytes(2048), '2.0 KiB');
    assert.equal(formatBytes(5 * 1024 * 1024), '5.0 MiB');
  });
});
