// Sums up V8 CPU profiles (.cpuprofile, as bench:browse writes with
// BENCH_PROFILE=dir): the functions and the files that took the most time of
// their own, over every profile given.
//   node scripts/profile-top.mjs dir/plain-thread-*.cpuprofile [--top 30] [--requests N]
// With --requests (how many requests the profiled stretch served), times are
// also given in microseconds per request, to compare stretches of other rates.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args.splice(topAt, 2)[1]) : 30;
const requestsAt = args.indexOf('--requests');
const requests = requestsAt >= 0 ? Number(args.splice(requestsAt, 2)[1]) : undefined;

const byFunction = new Map();
const byFile = new Map();
let total = 0;
const add = (map, key, ms) => map.set(key, (map.get(key) ?? 0) + ms);

for (const file of args) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  // each sample's time is the gap to the next one
  for (let i = 0; i < profile.samples.length; i++) {
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const { callFrame } = nodes.get(profile.samples[i]);
    const where = callFrame.url ? `${shortPath(callFrame.url)}:${callFrame.lineNumber + 1}:${callFrame.columnNumber + 1}` : '';
    add(byFunction, `${callFrame.functionName || '(anonymous)'} ${where}`, ms);
    add(byFile, callFrame.url ? shortPath(callFrame.url) : callFrame.functionName, ms);
    total += ms;
  }
}

function shortPath(url) {
  const path = url.replace(/^file:\/\//, '');
  const at = path.lastIndexOf('node_modules/');
  if (at >= 0) return path.slice(at + 'node_modules/'.length);
  const dist = path.indexOf('/dist/');
  return dist >= 0 ? path.slice(dist + 1) : basename(path);
}

const perRequest = (ms) => (requests ? `${((ms * 1000) / requests).toFixed(1).padStart(7)} µs/req  ` : '');

function print(title, map) {
  const busy = total - (byFunction.get('(idle) ') ?? 0);
  console.log(`\n${title} (of ${(total / 1000).toFixed(1)} s sampled, ${(busy / 1000).toFixed(1)} s busy ${perRequest(busy).trim()})`);
  for (const [key, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((ms / total) * 100).toFixed(1).padStart(5)}%  ${perRequest(ms)}${key}`);
  }
}

print('self time by function', byFunction);
print('self time by file', byFile);
