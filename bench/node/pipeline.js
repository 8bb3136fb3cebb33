#!/usr/bin/env node
// The pipeline a user would write without Parapet: read Jetstream JSON lines, keep post creates, find
// watched names with one case-insensitive alternation regex, score matched posts with VADER.
//
// usage: node pipeline.js --watchlist ../watchlist.yaml --input ../out/events.jsonl > matches.jsonl
// stdout: one JSON line per matched post {id, entities, sentiment}; stderr: a summary with events/s.
'use strict';

const fs = require('node:fs');
const readline = require('node:readline');
const vader = require('vader-sentiment');

const started = process.hrtime.bigint();

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || i + 1 >= argv.length) usage();
    args[argv[i].slice(2)] = argv[i + 1];
  }
  if (!args.watchlist || !args.input) usage();
  return args;
}

function usage() {
  process.stderr.write('usage: node pipeline.js --watchlist WATCHLIST.yaml --input EVENTS.jsonl\n');
  process.exit(2);
}

// The watchlist keeps each list as a one-line JSON array, so a line-based read is enough.
function loadNames(path) {
  const names = [];
  let profile = '';
  for (const raw of fs.readFileSync(path, 'utf8').split('\n')) {
    const line = raw.trim();
    const id = /^- id:\s*(.+)$/.exec(line);
    if (id) {
      profile = id[1].trim();
      continue;
    }
    const list = /^(aliases|places|people):\s*(\[.*\])\s*$/.exec(line);
    if (!list) continue;
    for (const name of JSON.parse(list[2])) {
      if (name.trim()) names.push({ profile, kind: list[1], name });
    }
  }
  return names;
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

// \b only where the name starts or ends with a word character: "\b#Tag" would demand a letter before '#'.
function buildRegex(names) {
  const unique = [...new Set(names.map((n) => n.name))].sort((a, b) => b.length - a.length);
  const alternatives = unique.map((name) => {
    const start = /^\w/.test(name) ? '\\b' : '';
    const end = /\w$/.test(name) ? '\\b' : '';
    return start + escapeRegExp(name) + end;
  });
  return new RegExp(alternatives.join('|'), 'gi');
}

const args = parseArgs(process.argv.slice(2));
const names = loadNames(args.watchlist);
if (names.length === 0) {
  process.stderr.write(`${args.watchlist}: no aliases, places or people\n`);
  process.exit(1);
}
const regex = buildRegex(names);
const byLowerName = new Map();
for (const n of names) {
  const key = n.name.toLowerCase();
  if (!byLowerName.has(key)) byLowerName.set(key, []);
  byLowerName.get(key).push(n);
}

let events = 0;
let posts = 0;
let matched = 0;
let negative = 0;
let malformed = 0;
let out = '';

const input = fs.createReadStream(args.input, { highWaterMark: 1 << 20 });
const lines = readline.createInterface({ input, crlfDelay: Infinity });

lines.on('line', (line) => {
  if (line.length === 0) return;
  let event;
  try {
    event = JSON.parse(line);
  } catch {
    malformed++;
    return;
  }
  events++;
  const commit = event.commit;
  if (event.kind !== 'commit' || commit.operation !== 'create' || commit.collection !== 'app.bsky.feed.post') return;
  posts++;
  const text = commit.record && commit.record.text;
  if (typeof text !== 'string' || text.length === 0) return;

  regex.lastIndex = 0;
  const found = new Map();
  for (const m of text.matchAll(regex)) {
    for (const n of byLowerName.get(m[0].toLowerCase()) || [{ profile: '?', kind: '?', name: m[0] }]) {
      found.set(`${n.profile}\u0000${n.name}`, { profile: n.profile, kind: n.kind, name: n.name });
    }
  }
  if (found.size === 0) return;

  matched++;
  const sentiment = vader.SentimentIntensityAnalyzer.polarity_scores(text);
  if (sentiment.compound <= -0.05) negative++;
  out += JSON.stringify({
    id: `at://${event.did}/${commit.collection}/${commit.rkey}`,
    entities: [...found.values()],
    sentiment,
  }) + '\n';
  if (out.length > 1 << 16) {
    process.stdout.write(out);
    out = '';
  }
});

lines.on('close', () => {
  process.stdout.write(out);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stderr.write(
    `events=${events} posts=${posts} matched=${matched} negative=${negative} malformed=${malformed} ` +
      `seconds=${seconds.toFixed(3)} events_per_sec=${Math.round(events / seconds)}\n`,
  );
});

input.on('error', (err) => {
  process.stderr.write(`${args.input}: ${err.message}\n`);
  process.exit(1);
});
