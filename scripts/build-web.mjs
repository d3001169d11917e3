// Puts the web front end together in dist/web/ (build output, git-ignored):
// the pages and styles of web/public, the browser build of the `mqtt`
// package, uPlot for the dashboard's charts and altcha-lib's proof-of-work solver, so Harper serves everything itself and no page needs a CDN.
// The TypeScript of web/src is compiled there by `tsc -p tsconfig.web.json`.
import { cpSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(appDir, 'dist', 'web');
mkdirSync(join(out, 'vendor'), { recursive: true });
cpSync(join(appDir, 'web', 'public'), out, { recursive: true });
cpSync(join(appDir, 'node_modules', 'mqtt', 'dist', 'mqtt.min.js'), join(out, 'vendor', 'mqtt.min.js'));
// the organizer dashboard's charts (web/src/organizer/charts.ts)
for (const file of ['uPlot.iife.min.js', 'uPlot.min.css'])
  cpSync(join(appDir, 'node_modules', 'uplot', 'dist', file), join(out, 'vendor', file));
// the proof-of-work solver for web/public/challenge-worker.js: altcha-lib's v1 modules, Web Crypto only
cpSync(join(appDir, 'node_modules', 'altcha-lib', 'dist', 'esm', 'v1'), join(out, 'vendor', 'altcha'), {
  recursive: true,
  filter: (file) => !file.endsWith('.d.ts'),
});
