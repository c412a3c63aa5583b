/**
 * A Vite plugin serving one virtual module (`virtual:frontrow/...`) whose exports are plain
 * JSON values: how the integrations hand build-time facts to pages.
 */
export function virtualModule(id: string, exports: Record<string, unknown>) {
  const resolved = `\0${id}`;
  const source = Object.entries(exports)
    .map(([name, value]) => `export const ${name} = ${JSON.stringify(value)};`)
    .join('\n');
  return {
    name: id.replace('virtual:', ''),
    resolveId: (request: string) => (request === id ? resolved : undefined),
    load: (request: string) => (request === resolved ? source : undefined),
  };
}
