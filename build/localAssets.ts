/**
 * Serves model weights and runtime wasm from installed npm packages and the repo's models/
 * folder under the app's own origin — in dev (middleware) and in the production build (emitted
 * assets) — so no request ever leaves the page and nothing is copied by hand into public/.
 */
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import type { Plugin } from 'vite';

export interface AssetMount {
  /** URL prefix under the app base, e.g. "vendor/tasks-vision/". */
  urlPrefix: string;
  /** Directory on disk. */
  dir: string;
  /** Which files to expose (relative paths with '/'). */
  include: (relativePath: string) => boolean;
}

const MIME: Record<string, string> = {
  '.wasm': 'application/wasm',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.json': 'application/json',
  '.bin': 'application/octet-stream',
  '.task': 'application/octet-stream',
  '.onnx': 'application/octet-stream',
};

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  walk(dir);
  return out;
}

export function localAssets(mounts: AssetMount[]): Plugin {
  let base = '/';
  return {
    name: 'divejudge-local-assets',
    configResolved(config) {
      base = config.base;
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = decodeURIComponent((req.url ?? '').split('?')[0] ?? '');
        for (const mount of mounts) {
          const prefix = `${base}${mount.urlPrefix}`;
          if (!url.startsWith(prefix)) continue;
          const rel = url.slice(prefix.length);
          const file = join(mount.dir, rel);
          if (rel.includes('..') || !mount.include(rel) || !existsSync(file) || !statSync(file).isFile()) break;
          res.setHeader('Content-Type', MIME[extname(file)] ?? 'application/octet-stream');
          res.setHeader('Content-Length', statSync(file).size);
          createReadStream(file).pipe(res);
          return;
        }
        next();
      });
    },
    generateBundle() {
      for (const mount of mounts) {
        for (const rel of listFiles(mount.dir).filter(mount.include)) {
          this.emitFile({ type: 'asset', fileName: `${mount.urlPrefix}${rel}`, source: readFileSync(join(mount.dir, rel)) });
        }
      }
    },
  };
}
