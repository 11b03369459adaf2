#!/usr/bin/env node
// The `docket` command (the package's bin, `npx docket` in the checkout, the image's entry
// point): the built server's entry point, or a clear word when it is not built yet.
import { existsSync } from 'node:fs';
import module from 'node:module';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error('docket: the server is not built yet: run npm run build');
  process.exit(1);
}
// Compiled code kept from one start to the next (Node 22.1+; Node 20 has none): in the image,
// the read-only cache NODE_COMPILE_CACHE names, which Node opened before this line; elsewhere a
// directory in the system's temporary directory. Nothing is said when it cannot be used.
module.enableCompileCache?.();
await import(main.href);
