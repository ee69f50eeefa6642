import { main } from '../cli/main.js';

/** `bin/chuizi.js` run from the sources (with `node --import tsx`): what the multi-process tests spawn. */
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
