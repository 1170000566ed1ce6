/**
 * Checks, at build time, that every `{{field}}` a template reads is a field of the view its
 * email module builds — so a misspelt or forgotten field fails `npm run build:templates` instead
 * of rendering empty. Each template is read as the Handlebars compiler reads it (its AST) and
 * every path is walked through the view's TypeScript type (the TypeScript compiler API):
 *
 *   {{a.b}}            a and b must be fields; one that may be absent (`b?: …`) must sit inside
 *                      `{{#if a.b}}` — the compiled template is strict and would throw on it;
 *                      what it prints must be text or a number, never an object or a boolean
 *   {{#if a}} {{#unless a}}  a must be a field (it may be optional: that is what the guard is for)
 *   {{#each list}}     list must be a field holding a list; inside, paths read its items
 *   {{> partial}}      the partial is checked in place, with the fields of the template using it
 *
 * Only what our templates use is understood; anything else (another helper, a sub-expression)
 * is reported, so a new construct is a conscious addition here rather than an unchecked hole.
 */
import Handlebars from 'handlebars';
import ts from 'typescript';

export interface TemplateSource {
  /** Named in problems, e.g. "confirmation.txt.hbs". */
  file: string;
  source: string;
}

export interface ViewToCheck {
  /** The module that exports the view type, e.g. functions/emails/confirmation.ts. */
  module: string;
  /** The exported interface or type alias, e.g. "ConfirmationView". */
  typeName: string;
  templates: TemplateSource[];
}

/** A Handlebars scope: the type `this` has, and how to name it in a problem. */
interface Scope {
  type: ts.Type;
  name: string;
}

interface Walk {
  checker: ts.TypeChecker;
  file: string;
  partials: ReadonlyMap<string, string>;
  scopes: Scope[];
  /** Paths (scope name + dotted path) that an enclosing {{#if}} has shown to be present. */
  guarded: ReadonlySet<string>;
  problems: string[];
  /** Partials being expanded, to stop a partial that includes itself. */
  expanding: readonly string[];
}

const BLOCK_HELPERS = new Set(['if', 'unless', 'each']);

/** The view type `typeName` exported by `module`, from a program built once for all views. */
function exportedType(program: ts.Program, view: ViewToCheck): ts.Type {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(view.module);
  const moduleSymbol = source && checker.getSymbolAtLocation(source);
  const symbol = moduleSymbol && checker.getExportsOfModule(moduleSymbol).find((s) => s.name === view.typeName);
  if (!symbol) throw new Error(`${view.module} does not export the view type ${view.typeName}`);
  return checker.getDeclaredTypeOfSymbol(symbol);
}

function mayBeAbsent(checker: ts.TypeChecker, property: ts.Symbol, type: ts.Type): boolean {
  if (property.flags & ts.SymbolFlags.Optional) return true;
  return checker.getNonNullableType(type) !== type;
}

/** Text and numbers print as themselves; objects print "[object Object]", booleans "true". */
function printable(type: ts.Type): boolean {
  const parts = type.isUnion() ? type.types : [type];
  return parts.every((part) => (part.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike)) !== 0);
}

function where(walk: Walk, node: hbs.AST.Node): string {
  return `${walk.file}:${node.loc.start.line}`;
}

/**
 * The type a path reads, or undefined after reporting why it cannot be read. `strict`: the
 * compiled template throws when a field is missing here (a `{{value}}`), so a field that may be
 * absent must be guarded; helper arguments are looked up leniently and may be absent.
 */
function resolve(walk: Walk, path: hbs.AST.PathExpression, strict: boolean): { type: ts.Type; key: string } | undefined {
  if (path.data) {
    if (path.parts[0] === 'root')
      return resolve(walk, { ...path, data: false, depth: walk.scopes.length - 1, parts: path.parts.slice(1) }, strict);
    return { type: walk.checker.getNumberType(), key: `@${path.parts.join('.')}` }; // @index, @first: Handlebars supplies them
  }
  const scope = walk.scopes[walk.scopes.length - 1 - path.depth];
  if (!scope) {
    walk.problems.push(`${where(walk, path)}: {{${path.original}}} climbs above the template's own view`);
    return undefined;
  }
  let type = scope.type;
  let key = scope.name;
  for (const part of path.parts) {
    const property = walk.checker.getPropertyOfType(walk.checker.getNonNullableType(type), part);
    if (!property) {
      walk.problems.push(`${where(walk, path)}: {{${path.original}}} — the view has no field "${part}" in ${key}`);
      return undefined;
    }
    type = walk.checker.getTypeOfSymbol(property);
    key = `${key}.${part}`;
    if (strict && mayBeAbsent(walk.checker, property, type) && !walk.guarded.has(key)) {
      walk.problems.push(`${where(walk, path)}: {{${path.original}}} — "${part}" may be absent; put it inside {{#if ${path.original}}}`);
      return undefined;
    }
    if (walk.guarded.has(key)) type = walk.checker.getNonNullableType(type);
  }
  return { type, key };
}

function walkValue(walk: Walk, node: hbs.AST.MustacheStatement): void {
  if (node.path.type !== 'PathExpression' || node.params.length > 0 || node.hash) {
    walk.problems.push(`${where(walk, node)}: only plain {{field}} values are checked; this template uses something else`);
    return;
  }
  const found = resolve(walk, node.path as hbs.AST.PathExpression, true);
  if (found && !printable(walk.checker.getNonNullableType(found.type))) {
    walk.problems.push(`${where(walk, node)}: {{${(node.path as hbs.AST.PathExpression).original}}} is not text or a number`);
  }
}

function walkBlock(walk: Walk, node: hbs.AST.BlockStatement): void {
  const helper = node.path.type === 'PathExpression' ? (node.path as hbs.AST.PathExpression).original : '';
  const argument = node.params[0];
  if (!BLOCK_HELPERS.has(helper) || node.params.length !== 1 || argument?.type !== 'PathExpression') {
    walk.problems.push(`${where(walk, node)}: only {{#if field}}, {{#unless field}} and {{#each list}} blocks are checked`);
    return;
  }
  const found = resolve(walk, argument as hbs.AST.PathExpression, false);
  if (!found) return;
  const present = new Set([...walk.guarded, found.key]);
  if (helper === 'each') {
    const item = walk.checker.getIndexTypeOfType(walk.checker.getNonNullableType(found.type), ts.IndexKind.Number);
    if (!item)
      walk.problems.push(`${where(walk, node)}: {{#each ${(argument as hbs.AST.PathExpression).original}}} — that field is not a list`);
    else walkProgram({ ...walk, scopes: [...walk.scopes, { type: item, name: `${found.key}[]` }] }, node.program);
    if (node.inverse) walkProgram(walk, node.inverse);
    return;
  }
  walkProgram(helper === 'if' ? { ...walk, guarded: present } : walk, node.program);
  if (node.inverse) walkProgram(helper === 'unless' ? { ...walk, guarded: present } : walk, node.inverse);
}

function walkPartial(walk: Walk, node: hbs.AST.PartialStatement): void {
  const name = node.name.type === 'PathExpression' ? (node.name as hbs.AST.PathExpression).original : '';
  const source = walk.partials.get(name);
  if (source === undefined || node.params.length > 0 || node.hash) {
    walk.problems.push(`${where(walk, node)}: {{> ${name}}} — no such partial, or one called with arguments`);
    return;
  }
  if (walk.expanding.includes(name)) {
    walk.problems.push(`${where(walk, node)}: {{> ${name}}} includes itself`);
    return;
  }
  walkProgram({ ...walk, file: `${walk.file} → partials/${name}`, expanding: [...walk.expanding, name] }, Handlebars.parse(source));
}

function walkProgram(walk: Walk, program: hbs.AST.Program): void {
  for (const statement of program.body) {
    switch (statement.type) {
      case 'ContentStatement':
      case 'CommentStatement':
        break;
      case 'MustacheStatement':
        walkValue(walk, statement as hbs.AST.MustacheStatement);
        break;
      case 'BlockStatement':
        walkBlock(walk, statement as hbs.AST.BlockStatement);
        break;
      case 'PartialStatement':
        walkPartial(walk, statement as hbs.AST.PartialStatement);
        break;
      default:
        walk.problems.push(
          `${where(walk, statement)}: ${statement.type} is not checked; use {{field}}, {{#if}}, {{#each}} or {{> partial}}`,
        );
    }
  }
}

/**
 * Every problem in the templates of `views`, one line each naming the file, line and field;
 * empty when each template reads only what its view provides. `partials`: name → source.
 */
export function templateFieldProblems(
  views: readonly ViewToCheck[],
  partials: ReadonlyMap<string, string>,
  compilerOptions: ts.CompilerOptions,
): string[] {
  const program = ts.createProgram(
    views.map((view) => view.module),
    { ...compilerOptions, noEmit: true },
  );
  const checker = program.getTypeChecker();
  const problems: string[] = [];
  for (const view of views) {
    const root: Scope = { type: exportedType(program, view), name: view.typeName };
    for (const template of view.templates) {
      const walk: Walk = { checker, file: template.file, partials, scopes: [root], guarded: new Set(), problems, expanding: [] };
      walkProgram(walk, Handlebars.parse(template.source));
    }
  }
  return problems;
}

/** The repository's compiler options (tsconfig.json), which the view modules are written for. */
export function repositoryCompilerOptions(tsconfigPath: string): ts.CompilerOptions {
  const read = ts.readConfigFile(tsconfigPath, (file) => ts.sys.readFile(file));
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, tsconfigPath.replace(/[/\\][^/\\]*$/, ''));
  return parsed.options;
}
