// Node ESM resolve hook: tfjs-core's unbundled ESM files (needed for gradient registration, which
// no bundle contains) use directory and extensionless imports that Node's ESM resolver rejects.
// Retry those specifiers as `<spec>.js` and `<spec>/index.js`; leave everything else alone.
export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const fromTfjs = context.parentURL !== undefined && context.parentURL.includes('/@tensorflow/');
    const relative = specifier.startsWith('./') || specifier.startsWith('../');
    if (!fromTfjs || !relative) throw error;
    for (const candidate of [`${specifier}.js`, `${specifier}/index.js`]) {
      try {
        return await nextResolve(candidate, context);
      } catch {
        // try the next form
      }
    }
    throw error;
  }
}
