// The app's wasm entry points and the paths each serves: one list for the build
// (scripts/build-app.sh, build-app.mjs), the loader in index.html and the size budget.
// The first prefix that matches wins; `resident` (the matches, `/me`) also serves every unknown
// path (its 404 page).
// `split`: the entry's `#[wasm_split]` functions become wasm chunks fetched on demand (wasm-split-cli,
// scripts/build-app.sh); only what runs before them is in its first view.
// `first`: by exact path, the reads a resident's first view of that page makes; index.html starts
// them beside the wasm when the device's marker says a resident is logged in (or for anyone, with
// `firstForAnyone`: public reads of a page a visitor opens), and the app's
// `api::get` of the same path takes that answer instead of asking again (one round trip less on
// a weak link). Each must be the path the page asks, exactly (a browser test counts the reads);
// `vocabulary:full` and `vocabulary:names` stand for the vocabulary's hashed files.
export const ENTRIES = [
  { name: "landing", exact: ["/"] },
  { name: "start", exact: ["/start"], split: true, first: { "/start": ["/api/v1/regions/default"] }, firstForAnyone: true },
  { name: "login", exact: ["/login"] },
  { name: "record", exact: ["/me/record"], prefixes: ["/record"], first: { "/me/record": ["/api/v1/me/record"] } },
  { name: "work", prefixes: ["/me/engagements"], first: { "/me/engagements": ["/api/v1/me/engagements"] } },
  { name: "inbox", exact: ["/me/inbox"], first: { "/me/inbox": ["/api/v1/me/inbox"] } },
  { name: "pay", prefixes: ["/me/work"] },
  { name: "earnings", exact: ["/me/earnings"], split: true, first: { "/me/earnings": ["/api/v1/me/earnings"] } },
  {
    name: "profile", exact: ["/me/profile", "/me/data"], split: true,
    first: { "/me/profile": ["/api/v1/me/profile?view=summary"] },
  },
  { name: "company", prefixes: ["/company"], split: true },
  { name: "hub", prefixes: ["/hub"], split: true },
  { name: "city", prefixes: ["/city"], split: true },
  { name: "resident", prefixes: ["/"], split: true, first: { "/me": ["/api/v1/me/matches?offset=0&limit=10&view=card"] } },
];

// `node scripts/app-entries.mjs` prints the names, for the shell build; `--split`, those that split.
if (import.meta.url === `file://${process.argv[1]}`) {
  const split = process.argv[2] === "--split";
  console.log(ENTRIES.filter((e) => !split || e.split).map((e) => e.name).join(" "));
}
