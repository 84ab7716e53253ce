// ESLint rule `avrr/no-import-cycle`: no file of ours may reach itself through its imports, type-only imports
// included. import-x/no-cycle skips `import type` edges (a type cycle costs nothing at runtime), but a circle of types
// is still a circle of meaning: the layers (domain core <- reintegration, libs <- apps) must point one way. The graph
// comes from the TypeScript program typescript-eslint has already built, so it costs no extra parsing.
import path from 'node:path';
import ts from 'typescript';

/** Per program: each file's imports of ours, and TypeScript's module resolution cache. */
const graphs = new WeakMap();

/** The files of ours that `fileName` imports or re-exports (static imports only; node_modules excluded). */
function importsOf(program, fileName, graph, cache) {
  let edges = graph.get(fileName);
  if (edges) return edges;
  edges = [];
  graph.set(fileName, edges);
  const source = program.getSourceFile(fileName);
  if (!source) return edges;
  for (const statement of source.statements) {
    let specifier;
    if ((ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier) {
      specifier = statement.moduleSpecifier;
    } else if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference)) {
      specifier = statement.moduleReference.expression;
    }
    if (!specifier || !ts.isStringLiteral(specifier)) continue;
    const { resolvedModule } = ts.resolveModuleName(
      specifier.text,
      fileName,
      program.getCompilerOptions(),
      ts.sys,
      cache,
    );
    if (!resolvedModule || resolvedModule.isExternalLibraryImport) continue;
    const to = path.normalize(resolvedModule.resolvedFileName);
    if (to.split(path.sep).includes('node_modules')) continue;
    edges.push({ to });
  }
  return edges;
}

/** Shortest import path from `from` back to `target`, or undefined. */
function pathBack(program, from, target, graph, cache) {
  const parent = new Map([[from, undefined]]);
  const queue = [from];
  while (queue.length > 0) {
    const file = queue.shift();
    for (const { to } of importsOf(program, file, graph, cache)) {
      if (parent.has(to)) continue;
      parent.set(to, file);
      if (to === target) {
        const route = [];
        for (let f = to; f !== undefined; f = parent.get(f)) route.unshift(f);
        return route;
      }
      queue.push(to);
    }
  }
  return undefined;
}

/** @type {import('eslint').Rule.RuleModule} */
export const noImportCycle = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid import circles between files, type-only imports included' },
    schema: [],
    messages: { cycle: 'Import circle: {{route}}' },
  },
  create(context) {
    const program = context.sourceCode.parserServices?.program;
    if (!program) return {};
    if (!graphs.has(program)) {
      const cache = ts.createModuleResolutionCache(
        program.getCurrentDirectory(),
        (s) => s,
        program.getCompilerOptions(),
      );
      graphs.set(program, { graph: new Map(), cache });
    }
    const { graph, cache } = graphs.get(program);
    const self = path.normalize(context.physicalFilename);
    const root = context.cwd;
    const reported = new Set();
    return {
      'Program:exit'(node) {
        for (const { to } of importsOf(program, self, graph, cache)) {
          if (reported.has(to)) continue;
          reported.add(to);
          const route = to === self ? [self] : pathBack(program, to, self, graph, cache);
          if (!route) continue;
          const shown = [self, ...route].map((f) => path.relative(root, f)).join(' -> ');
          const at = node.body.find(
            (s) =>
              (s.type === 'ImportDeclaration' ||
                s.type === 'ExportNamedDeclaration' ||
                s.type === 'ExportAllDeclaration' ||
                s.type === 'TSImportEqualsDeclaration') &&
              resolvesTo(s, to, self, program, cache),
          );
          context.report({ node: at ?? node, messageId: 'cycle', data: { route: shown } });
        }
      },
    };
  },
};

/** Whether the ESTree import or export statement `s` names the file `to`. */
function resolvesTo(s, to, self, program, cache) {
  const text = s.source?.value ?? s.moduleReference?.expression?.value;
  if (typeof text !== 'string') return false;
  const { resolvedModule } = ts.resolveModuleName(text, self, program.getCompilerOptions(), ts.sys, cache);
  return resolvedModule !== undefined && path.normalize(resolvedModule.resolvedFileName) === to;
}
