// A real HCL parser for tests: @cdktf/hcl2json (HashiCorp's hcl compiled to WebAssembly, bundled in
// the package: no download at run time). Loaded with require so its typings, which pull in the DOM
// lib and change fetch's types for the whole project, stay out of the type-check.
import { createRequire } from 'node:module';

type Hcl2Json = { parse(fileName: string, hcl: string): Promise<Record<string, unknown>> };

export function parseHcl(fileName: string, hcl: string): Promise<Record<string, unknown>> {
  const hcl2json = createRequire(__filename)('@cdktf/hcl2json') as Hcl2Json;
  return hcl2json.parse(fileName, hcl);
}
