#!/usr/bin/env node
/**
 * Renders the Marketplace icon media/icon.png (256×256) from media/lambda.svg with headless
 * Chromium: the activity-bar glyph, white on a rounded square. Run after changing the glyph:
 *   node scripts/make-icon.mjs   (needs `chromium`, as the e2e suite does)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const glyph = readFileSync(join(root, 'media', 'lambda.svg'), 'utf8').replace('stroke="currentColor"', 'stroke="#ffffff"').replace('width="24" height="24"', 'width="176" height="176"');
const html = `<!doctype html><html><body style="margin:0;background:transparent">
<div style="width:256px;height:256px;border-radius:48px;display:flex;align-items:center;justify-content:center;
background:linear-gradient(135deg,#ff9900 0%,#e8590c 55%,#b3400a 100%)">${glyph}</div></body></html>`;
const dir = mkdtempSync(join(tmpdir(), 'icon-'));
try {
  writeFileSync(join(dir, 'icon.html'), html);
  execFileSync('chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--default-background-color=00000000', `--user-data-dir=${join(dir, 'profile')}`, '--window-size=256,256', `--screenshot=${join(root, 'media', 'icon.png')}`, `file://${join(dir, 'icon.html')}`], { stdio: 'ignore' });
  console.log('wrote media/icon.png');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
