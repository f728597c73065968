// Type-checks the docs' generated block modules (and the docs' own TypeScript) in one tsc program
// with the repository's compiler settings and the `@jaxts/source` condition, like `pnpm typecheck`.
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';

export interface Diagnostic {
  readonly file: string;
  /** 1-based line in `file`. */
  readonly line: number;
  readonly message: string;
}

export function typecheck(repoRoot: string, files: readonly string[]): Diagnostic[] {
  const configPath = join(repoRoot, 'tsconfig.base.json');
  const read = ts.readConfigFile(configPath, ts.sys.readFile);
  if (read.error !== undefined) {
    throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  }
  const parsed = ts.parseJsonConfigFileContent(
    read.config,
    ts.sys,
    dirname(configPath),
    {
      noEmit: true,
      composite: false,
      declaration: false,
      declarationMap: false,
      sourceMap: false,
      customConditions: ['@jaxts/source'],
      types: ['node'],
      typeRoots: [join(repoRoot, 'node_modules/@types')],
    },
    configPath,
  );
  const program = ts.createProgram({ rootNames: [...files], options: parsed.options });
  const wanted = new Set(files.map((f) => resolve(f)));
  const out: Diagnostic[] = [];
  const all = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
  for (const sf of program.getSourceFiles()) {
    if (!wanted.has(resolve(sf.fileName))) continue;
    all.push(...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf));
  }
  for (const d of all) {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (d.file === undefined || d.start === undefined) {
      out.push({ file: '', line: 0, message });
    } else {
      const { line } = d.file.getLineAndCharacterOfPosition(d.start);
      out.push({ file: resolve(d.file.fileName), line: line + 1, message });
    }
  }
  return out;
}
