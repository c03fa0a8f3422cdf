// The import graph of src/ and the rules that keep its shape as docs/architecture.md draws it.
// Pure over a map of file -> source text, so the checker itself is tested on tiny fake graphs.
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import ts from 'typescript';

export type ImportKind = 'value' | 'type' | 'dynamic';

export interface ImportEdge {
  from: string;
  /** A src-relative file for a relative import, or the package specifier (`@aws-sdk/client-ec2`). */
  to: string;
  kind: ImportKind;
  external: boolean;
}

/** Every import of one file: import/export-from (type-only too), `import x = require()`, import(), import('x').T. */
function specifiersOf(file: string, text: string): { specifier: string; kind: ImportKind }[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const found: { specifier: string; kind: ImportKind }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            clause.namedBindings !== undefined &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((element) => element.isTypeOnly)));
      found.push({ specifier: node.moduleSpecifier.text, kind: typeOnly ? 'type' : 'value' });
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      found.push({ specifier: node.moduleSpecifier.text, kind: node.isTypeOnly ? 'type' : 'value' });
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    ) {
      found.push({ specifier: node.moduleReference.expression.text, kind: 'value' });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] !== undefined &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      found.push({ specifier: node.arguments[0].text, kind: 'dynamic' });
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      found.push({ specifier: node.argument.literal.text, kind: 'type' });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Resolves a relative specifier the way TypeScript's node16 rules do for our sources ('.js' names the '.ts'). */
function resolve(from: string, specifier: string, files: ReadonlySet<string>): string {
  const base = posix.normalize(posix.join(posix.dirname(from), specifier));
  const stem = base.replace(/\.(js|jsx|ts|tsx|mjs|cjs)$/, '');
  const candidates = [base, `${stem}.ts`, `${stem}.tsx`, `${stem}/index.ts`, `${stem}/index.tsx`];
  return candidates.find((candidate) => files.has(candidate)) ?? base;
}

export function importGraph(sources: ReadonlyMap<string, string>): ImportEdge[] {
  const files = new Set(sources.keys());
  const edges: ImportEdge[] = [];
  for (const [file, text] of sources) {
    for (const { specifier, kind } of specifiersOf(file, text)) {
      const external = !specifier.startsWith('.');
      edges.push({ from: file, to: external ? specifier : resolve(file, specifier, files), kind, external });
    }
  }
  return edges;
}

/** src/**\/*.ts(x), keyed by their path under the repository ('src/peering/model.ts'). */
export function readSources(root: string, dir = 'src'): Map<string, string> {
  const sources = new Map<string, string>();
  const walk = (relativeDir: string): void => {
    for (const entry of readdirSync(join(root, relativeDir), { withFileTypes: true })) {
      const path = posix.join(relativeDir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
        sources.set(
          relative(root, join(root, path)).split('\\').join('/'),
          readFileSync(join(root, path), 'utf8'),
        );
    }
  };
  walk(dir);
  return sources;
}

/** Packages that talk to the outside world (or to a particular framework); the domain uses ports instead. */
const SDK =
  /^(@aws-sdk\/|@aws-crypto\/|@smithy\/|@slack\/|better-sqlite3$|pino(\/|$)|node:(http|https|net|child_process)$)/;

export interface Rule {
  name: string;
  /** True when this edge breaks the rule. */
  breaks: (edge: ImportEdge) => boolean;
}

export const rules: Rule[] = [
  {
    name: 'src/peering imports no SDK (it talks to ports)',
    breaks: (edge) => edge.from.startsWith('src/peering/') && edge.external && SDK.test(edge.to),
  },
  {
    // Dependencies point inward (docs/architecture.md): the domain names no outer layer either.
    name: 'src/peering imports no outer layer (src/slack, src/adapters, src/container, src/sandbox, src/entry)',
    breaks: (edge) =>
      edge.from.startsWith('src/peering/') &&
      !edge.external &&
      /^src\/(slack|adapters|container|sandbox|entry)\//.test(edge.to),
  },
  {
    name: 'src/adapters imports neither src/slack nor src/sandbox',
    breaks: (edge) =>
      edge.from.startsWith('src/adapters/') &&
      !edge.external &&
      (edge.to.startsWith('src/slack/') || edge.to.startsWith('src/sandbox/')),
  },
];

export interface Violation {
  rule: string;
  edge: ImportEdge;
}

export function ruleViolations(
  edges: readonly ImportEdge[],
  allowed: readonly Pick<ImportEdge, 'from' | 'to'>[] = [],
): Violation[] {
  const isAllowed = (edge: ImportEdge) =>
    allowed.some((allow) => allow.from === edge.from && allow.to === edge.to);
  return rules.flatMap((rule) =>
    edges.filter((edge) => rule.breaks(edge) && !isAllowed(edge)).map((edge) => ({ rule: rule.name, edge })),
  );
}

/**
 * Import circles among the source files: strongly connected components (Tarjan) of more than one file,
 * or a file importing itself. Static imports count whatever they import, `import type` too: a type-only
 * circle still means two modules that cannot be understood (or moved) one without the other.
 * A lazy `import()` does not: the tables that load their handlers on first use (slack/subcommands.ts,
 * whose `help` handler renders that table) point back by design, and the loaded module runs only
 * after its loader has finished loading.
 */
export function importCircles(edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const edge of edges) {
    if (edge.external || edge.kind === 'dynamic') continue;
    next.set(edge.from, [...(next.get(edge.from) ?? []), edge.to]);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  let counter = 0;
  const connect = (file: string): void => {
    index.set(file, counter);
    low.set(file, counter);
    counter += 1;
    stack.push(file);
    onStack.add(file);
    for (const to of next.get(file) ?? []) {
      if (!index.has(to)) {
        connect(to);
        low.set(file, Math.min(low.get(file) as number, low.get(to) as number));
      } else if (onStack.has(to)) {
        low.set(file, Math.min(low.get(file) as number, index.get(to) as number));
      }
    }
    if (low.get(file) === index.get(file)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== file);
      if (component.length > 1 || (next.get(file) ?? []).includes(file)) circles.push(component.sort());
    }
  };
  for (const file of [...next.keys()].sort()) if (!index.has(file)) connect(file);
  return circles;
}
