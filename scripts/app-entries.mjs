// The app's wasm entry points and the paths each serves: one list for the build
// (scripts/build-app.sh, build-app.mjs), the loader in index.html and the size budget.
// The first prefix that matches wins; `resident` also serves every unknown path (its 404 page).
export const ENTRIES = [
  { name: "landing", exact: ["/"] },
  { name: "start", exact: ["/start"] },
  { name: "company", prefixes: ["/company"] },
  { name: "hub", prefixes: ["/hub"] },
  { name: "city", prefixes: ["/city"] },
  { name: "resident", prefixes: ["/"] },
];

// `node scripts/app-entries.mjs` prints the names, for the shell build.
if (import.meta.url === `file://${process.argv[1]}`) console.log(ENTRIES.map((e) => e.name).join(" "));
