#!/usr/bin/env node
// The `docket` command (the package's bin, `npx docket` in the checkout, the image's entry
// point): the built server's entry point, or a clear word when it is not built yet.
import { existsSync } from 'node:fs';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error('docket: the server is not built yet: run npm run build');
  process.exit(1);
}
await import(main.href);
