/**
 * The house rules: which directory may import which. README "How the code is laid out" draws the same picture.
 * Layers, top to bottom: cli → commands (src/commands/<name>/, one directory per command) → io → report → diagnose → probe → input, record → protocol, net.
 */
const IO_MODULES = '^(node:)?(fs|fs/promises|net|tls|dns|dns/promises|http|https|http2|dgram|child_process|worker_threads|readline|process)$';

/** Each layer and the directories above it, which it must never import. */
const LAYERS = [
  { name: 'protocol-net', from: '^src/(protocol|net)/', above: '^src/(cli|commands|io|report|diagnose|probe|input|record)/' },
  { name: 'record', from: '^src/record/', above: '^src/(cli|commands|io|report|diagnose|probe|input)/' },
  { name: 'input', from: '^src/input/', above: '^src/(cli|commands|io|report|diagnose|probe)/' },
  { name: 'probe', from: '^src/probe/', above: '^src/(cli|commands|io|report|diagnose)/' },
  { name: 'diagnose', from: '^src/diagnose/', above: '^src/(cli|commands|io|report|probe|input)/' },
  { name: 'report', from: '^src/report/', above: '^src/(cli|commands|io|probe|input)/' },
  { name: 'io', from: '^src/io/', above: '^src/(cli|commands)/' },
];

module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', comment: 'A cycle makes two rooms one.', from: {}, to: { circular: true } },
    {
      name: 'observers-do-not-open-sockets',
      severity: 'error',
      comment: 'diagnose, report and analyze read the observation model (src/record), never the probe that writes it.',
      from: { path: '^src/(diagnose|report|commands/analyze)/' },
      to: { path: '^src/probe/' },
    },
    {
      name: 'only-the-entry-point-imports-the-cli',
      severity: 'error',
      comment: 'Nothing but bin/ (and tests) imports src/cli/.',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'pure-cores-have-no-io',
      severity: 'error',
      comment: 'protocol, net and the observation model are pure: no sockets, files or processes.',
      from: { path: '^src/(protocol|net|record)/' },
      to: { dependencyTypes: ['core'], path: IO_MODULES },
    },
    {
      name: 'diagnosis-and-rendering-have-no-io',
      severity: 'error',
      comment: 'Rules and renderers are pure: decisions and text from data.',
      from: { path: '^src/(diagnose|report)/' },
      to: { dependencyTypes: ['core'], path: IO_MODULES },
    },
    ...LAYERS.map((layer) => ({
      name: `layer-${layer.name}`,
      severity: 'error',
      comment: 'A layer imports only from the layers below it.',
      from: { path: layer.from },
      to: { path: layer.above },
    })),
    {
      name: 'commands-stand-apart',
      severity: 'error',
      comment: 'Each command shares only the layers below; none borrows from another.',
      from: { path: '^src/commands/([^/]+)/' },
      to: { path: '^src/commands/', pathNot: '^src/commands/$1/' },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
