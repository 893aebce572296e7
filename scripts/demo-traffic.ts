/**
 * Demo traffic: every few seconds, log lines of orders-api (dev, us-east-1) as if `prod` served
 * requests — version 2 for ~90% of them, the 10% canary version 3 for the rest — so "Tail Logs"
 * in the demo shows live events. `npx tsx scripts/demo-traffic.ts <endpoint>`; runs until killed.
 */
import { putLogEvents } from '../test/support/seed';

const [endpoint] = process.argv.slice(2);
if (!endpoint) {
  process.stderr.write('usage: npx tsx scripts/demo-traffic.ts <endpoint>\n');
  process.exit(2);
}

let order = 1000;
async function tick(): Promise<void> {
  const requests = 1 + Math.floor(Math.random() * 3);
  const byVersion = new Map<string, string[]>();
  for (let i = 0; i < requests; i++) {
    const version = Math.random() < 0.1 ? '3' : '2';
    const id = `o-${order++}`;
    const lines = byVersion.get(version) ?? [];
    lines.push(`START RequestId: ${id} Version: ${version}`, JSON.stringify({ level: 'info', msg: 'order received', id, version }), `END RequestId: ${id}`);
    byVersion.set(version, lines);
  }
  await putLogEvents(endpoint, 'us-east-1', 'orders-api', [...byVersion].map(([version, messages]) => ({ version, messages })));
}

setInterval(() => void tick().catch((error: Error) => process.stderr.write(`demo traffic: ${error.message}\n`)), 4000);
