/** Layer rules: the domain and the policy are pure; libraries never reach into the apps. */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'libs/domain depends on nothing but itself and a persistent-collections package (no framework, no storage, no policy).',
      severity: 'error',
      from: { path: '^libs/domain/' },
      to: { pathNot: ['^libs/domain/', '^node_modules/(@types/)?node', '^node_modules/immutable/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'policy-is-pure',
      comment: 'libs/policy depends only on itself, the domain and small pure packages.',
      severity: 'error',
      from: { path: '^libs/policy/' },
      to: { pathNot: ['^libs/policy/', '^libs/domain/', '^node_modules/zod/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'no-nest-in-libs-core',
      comment: 'Nest stays in the apps; the libraries are plain TypeScript usable from any process.',
      severity: 'error',
      from: { path: '^libs/(domain|policy|event-store|database)/' },
      to: { path: '^node_modules/@nestjs/' },
    },
    {
      name: 'only-the-event-store-port',
      comment:
        'Outside libs/event-store, code sees the store only through its port (event-store.port.ts), so another adapter ' +
        '(KurrentDB) can sit behind it. The composition root (libs/runtime), the specs and harnesses may name the adapter. ' +
        'apps/cli/src/demo/bulk-loader.ts opens a store of its own for the bulk load (a composition root of the demo). ' +
        'Besides the port, the library offers what it builds on the port for any adapter: the catch-up subscription. ' +
        'The inspection modules (chain verification, the store digest, the verbatim NDJSON export and import) read the ' +
        'PostgreSQL tables themselves: they are the adapter\'s inspection API, allowed until the port carries them. ' +
        'The CLI commands are composition roots, as libs/runtime is.',
      severity: 'error',
      from: {
        pathNot: [
          '^libs/event-store/',
          '^libs/runtime/',
          '\\.(spec|int-spec|e2e-spec)\\.ts$',
          '^test/',
          '^scripts/bench/',
          '^apps/cli/src/',
        ],
      },
      to: {
        path: '^libs/event-store/',
        pathNot: [
          '^libs/event-store/src/event-store\\.port\\.ts$',
          '^libs/event-store/src/catch-up-subscription\\.ts$',
          '^libs/event-store/src/chain-verification\\.ts$',
          '^libs/event-store/src/chain-rows\\.ts$',
          '^libs/event-store/src/store-digest\\.ts$',
          '^libs/event-store/src/verbatim-(export|import)\\.ts$',
        ],
      },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-test-code',
      comment: 'Production code never imports specs or the end-to-end harness.',
      severity: 'error',
      from: { pathNot: ['\\.(spec|int-spec|e2e-spec)\\.ts$', '^test/'] },
      to: { path: ['\\.(spec|int-spec|e2e-spec)\\.ts$', '^test/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js'] },
    moduleSystems: ['es6', 'cjs'],
  },
};
