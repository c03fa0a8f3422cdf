// Builds the page (ui/main.tsx, Preact) into one ES module and one stylesheet, in memory, at start:
// no CDN and no build step to forget, so the playground works offline from a fresh `npm ci`.
import { join } from 'node:path';

export interface UiBundle {
  js: string;
  css: string;
}

export async function buildUiBundle(): Promise<UiBundle> {
  // Loaded only here, so nothing but the playground ever pulls esbuild in.
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [join(__dirname, 'ui', 'main.tsx')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    outdir: 'playground-ui',
    logLevel: 'silent',
  });
  const file = (ext: string) => result.outputFiles.find((f) => f.path.endsWith(ext))?.text ?? '';
  return { js: file('.js'), css: file('.css') };
}
