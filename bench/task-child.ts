// One benchmark task in its own process, so its peak memory is its own: prints one JSON line.
import { TASKS, type TaskName } from './tasks';

const [name, path, repeatArg] = process.argv.slice(2);
const task = TASKS[name as TaskName];
if (!task || !path) {
  process.stderr.write(`usage: task-child.ts <${Object.keys(TASKS).join('|')}> FILE.tlog [REPEAT]\n`);
  process.exit(2);
}
const repeat = Number(repeatArg ?? 1);
let best_s = Infinity;
let bestCpu_s = Infinity;
let result = { packets: 0, checksum: 0 };
for (let i = 0; i < repeat; i++) {
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  result = await task(path);
  const cpu = process.cpuUsage(cpu0);
  best_s = Math.min(best_s, Number(process.hrtime.bigint() - t0) / 1e9);
  bestCpu_s = Math.min(bestCpu_s, (cpu.user + cpu.system) / 1e6);
}
const usage = process.resourceUsage();
process.stdout.write(`${JSON.stringify({ name, seconds: best_s, cpu_s: bestCpu_s, ...result, maxRss_MB: usage.maxRSS / 1024, heapUsed_MB: process.memoryUsage().heapUsed / 1048576 })}\n`);
