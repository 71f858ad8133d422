// GitHub's reference implementations as a long-lived process for the differential tests.
// Reads one JSON request per line on stdin and writes one JSON answer per line on stdout.
//
// {"expr": "...", "contexts": {...}}  -> @actions/expressions (lexer, parser, evaluator):
//   {"ok": true, "kind": "Number", "value": "<JSON.stringify of the result>"}
//   {"ok": false, "stage": "lexing" | "parsing" | "evaluation", "message": "..."}
// {"hashFiles": ["pattern", ...], "workspace": "/abs/dir"} -> the runner's hashFiles steps
//   over @actions/glob: {"ok": true, "value": "<hex digest or empty>"} or {"ok": false, ...}
// {"glob": ["pattern", ...], "workspace": "/abs/dir", "options": {...}} -> @actions/glob's
//   globGenerator with those options, as upload-artifact and cache call it:
//   {"ok": true, "paths": ["/abs/path", ...]} in the order yielded, or {"ok": false, ...}
import {createHash} from "node:crypto";
import {readFileSync, statSync} from "node:fs";
import {sep} from "node:path";
import {createInterface} from "node:readline";
import {Evaluator, Lexer, Parser, data} from "@actions/expressions";
import {kindStr} from "@actions/expressions/data/expressiondata";
import * as glob from "@actions/glob";

const {replacer, reviver} = data;

// @actions/core writes ::debug:: lines to stdout; keep stdout for answers only.
const answerLine = process.stdout.write.bind(process.stdout);
process.stdout.write = () => true;

function evaluate(request) {
  const contexts = JSON.parse(JSON.stringify(request.contexts ?? {}), reviver);
  let stage = "lexing";
  try {
    const tokens = new Lexer(request.expr).lex().tokens;
    stage = "parsing";
    const names = contexts.pairs().map(pair => pair.key);
    const tree = new Parser(tokens, names, []).parse();
    stage = "evaluation";
    const result = tree === undefined ? new data.Null() : new Evaluator(tree, contexts).evaluate();
    return {ok: true, kind: kindStr(result.kind), value: JSON.stringify(result, replacer)};
  } catch (error) {
    return {ok: false, stage, message: String(error && error.message)};
  }
}

async function hashFiles(request) {
  let patterns = request.hashFiles;
  let followSymbolicLinks = false;
  if (patterns.length && patterns[0].startsWith("--")) {
    if (patterns[0].toLowerCase() !== "--follow-symbolic-links") {
      return {ok: false, message: `Invalid glob option ${patterns[0]}`};
    }
    followSymbolicLinks = true;
    patterns = patterns.slice(1);
  }
  try {
    process.chdir(request.workspace);
    const globber = await glob.create(patterns.join("\n"), {followSymbolicLinks});
    const result = createHash("sha256");
    let count = 0;
    for await (const file of globber.globGenerator()) {
      if (!file.startsWith(`${request.workspace}${sep}`) || statSync(file).isDirectory()) {
        continue;
      }
      result.update(createHash("sha256").update(readFileSync(file)).digest());
      count++;
    }
    return {ok: true, value: count ? result.digest("hex") : ""};
  } catch (error) {
    return {ok: false, message: String(error && error.message)};
  }
}

async function globPaths(request) {
  try {
    process.chdir(request.workspace);
    const globber = await glob.create(request.glob.join("\n"), request.options ?? {});
    const paths = [];
    for await (const file of globber.globGenerator()) {
      paths.push(file);
    }
    return {ok: true, paths};
  } catch (error) {
    return {ok: false, message: String(error && error.message)};
  }
}

for await (const line of createInterface({input: process.stdin})) {
  const request = JSON.parse(line);
  const answer =
    "hashFiles" in request ? await hashFiles(request)
    : "glob" in request ? await globPaths(request)
    : evaluate(request);
  answerLine(JSON.stringify(answer) + "\n");
}
