// Puts the web front end together in dist/web/ (build output, git-ignored):
// the pages and styles of web/public, and the browser build of the `mqtt`
// package, so Harper serves everything itself and no page needs a CDN.
// The TypeScript of web/src is compiled there by `tsc -p tsconfig.web.json`.
import { cpSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(appDir, 'dist', 'web');
mkdirSync(join(out, 'vendor'), { recursive: true });
cpSync(join(appDir, 'web', 'public'), out, { recursive: true });
cpSync(join(appDir, 'node_modules', 'mqtt', 'dist', 'mqtt.min.js'), join(out, 'vendor', 'mqtt.min.js'));
