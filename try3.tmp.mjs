import { PgSqlClient } from './dist/libs/database/src/pg-sql-client.js';
import { inspectChains } from './dist/libs/event-store/src/chain-verification.js';
import { chainRowBatches } from './dist/libs/event-store/src/chain-rows.js';
const sql = new PgSqlClient({ connectionString: 'postgres://postgres@127.0.0.1:5432/branch_ledger_bench' });
const N = 300000;
let t = Date.now(); let c0 = process.cpuUsage(); let n = 0;
for await (const rows of chainRowBatches(sql, { batchSize: 5000, withHeads: true })) { n += rows.length; if (n >= N) break; }
let c = process.cpuUsage(c0); console.log('scan', Math.round(n / ((Date.now() - t) / 1000)), '/s wall', Date.now() - t, 'ms cpu', Math.round((c.user + c.system) / 1000));
t = Date.now(); c0 = process.cpuUsage();
const r = await inspectChains(sql, { streamId: undefined, batchSize: 5000 }, { onProgress: (k) => { if (k >= N) throw new Error('enough'); } }).catch(e => e.message);
c = process.cpuUsage(c0); console.log('verify', r, Math.round(N / ((Date.now() - t) / 1000)), '/s wall', Date.now() - t, 'ms cpu', Math.round((c.user + c.system) / 1000));
await sql.close();
