// dependency-cruiser: the import rules that `npm run lint` enforces (see README, "Layers").
//
// Server layers, top to bottom. A module may import its own folder and any folder
// below it, never one above: resources/ -> checkout/ -> queue/ -> realtime/ -> catalog/ -> lib/.
// web/src is the browser build: it imports only itself, plus types from lib/wire/.
// bench/, test/ and scripts/ may import anything (they are not cruised).
/** @type {string[]} */
const LAYERS = ['resources', 'checkout', 'queue', 'realtime', 'catalog', 'lib'];

/** One rule per layer below the top: it must not import any layer above it. */
const layerRules = LAYERS.slice(1).map((layer, i) => {
  const above = LAYERS.slice(0, i + 1);
  const folders = (list) => list.map((f) => `${f}/`).join(', ');
  return {
    name: `layer-${layer}`,
    comment:
      `${layer}/ may import ${folders(LAYERS.slice(i + 1))} only, not ${folders(above)} (above it): ` +
      'move the shared code down a layer, or invert the call (pass a function in).',
    severity: 'error',
    from: { path: `^${layer}/` },
    to: { path: `^(${above.join('|')})/` },
  };
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment:
        'A cycle of imports, type-only imports included (with tsPreCompilationDeps they are seen): ' +
        'move the shared type or function into a module of its own that both sides import.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...layerRules,
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to no file or package (a typo, a moved module, a missing dependency).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'web-only-web',
      comment: 'web/src is the browser build: it imports web/src, and type-only imports from lib/wire/ (nothing else reaches the browser).',
      severity: 'error',
      from: { path: '^web/src/' },
      to: { pathNot: '^web/src/', dependencyTypesNot: ['type-only'], couldNotResolve: false },
    },
    {
      name: 'web-types-only-from-lib-wire',
      comment: 'web/src may import types from lib/wire/ only, not from other server modules.',
      severity: 'error',
      from: { path: '^web/src/' },
      to: { pathNot: '^(web/src|lib/wire)/', couldNotResolve: false },
    },
    {
      name: 'server-not-to-web-test-bench-scripts',
      comment: 'Server code does not import the browser build, tests, benchmarks or scripts.',
      severity: 'error',
      from: { path: `^(${LAYERS.join('|')})/` },
      to: { path: '^(web|test|bench|scripts)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|\\.harper|test-artifacts)/' },
    // Keep `import type` and `import { type X }` in the graph: type cycles count too.
    tsPreCompilationDeps: true,
    // NodeNext: `./x.js` in an import resolves to ./x.ts.
    tsConfig: { fileName: 'tsconfig.json' },
    // packages' "exports" subpaths (altcha-lib/v1), as Node resolves them
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
