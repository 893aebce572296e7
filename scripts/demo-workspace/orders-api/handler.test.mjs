import { handler } from './index.mjs';
const result = await handler({ body: JSON.stringify({ id: 'o-1' }) });
if (result.statusCode !== 201) throw new Error(`unexpected status ${result.statusCode}`);
console.log('ok');
