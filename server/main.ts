// Entry point of `npm start`. Until the HTTP server lands (see the server issue) it checks that the catalogue loads
// and says what it holds, so a broken template edit is caught at start with a message naming the item.
import { formatProblem, loadCatalog } from './catalog/load-catalog.ts';
import { catalogSummary } from './catalog/summary.ts';
import { packageVersion } from './env.ts';

const catalog = loadCatalog();
console.log(`soxbridge ${packageVersion()}`);
if (!catalog.ok) {
  console.error(`The catalogue in templates/ has ${catalog.error.length} problem(s):`);
  for (const p of catalog.error) console.error(`  ${formatProblem(p)}`);
  process.exit(1);
}
console.log(catalogSummary(catalog.value));
console.log('The web server is not built yet; use `npm run -s cli -- analyze <file> --json`.');
