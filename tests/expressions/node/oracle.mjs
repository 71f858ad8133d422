// GitHub's reference evaluator as a long-lived process for the differential test.
// Reads one JSON request per line on stdin: {"expr": "...", "contexts": {...}}.
// Writes one JSON answer per line on stdout:
//   {"ok": true, "kind": "Number", "value": "<JSON.stringify of the result>"}
//   {"ok": false, "stage": "lexing" | "parsing" | "evaluation", "message": "..."}
import {createInterface} from "node:readline";
import {Evaluator, Lexer, Parser, data} from "@actions/expressions";
import {kindStr} from "@actions/expressions/data/expressiondata";

const {replacer, reviver} = data;

function answer(request) {
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

const lines = createInterface({input: process.stdin});
lines.on("line", line => {
  process.stdout.write(JSON.stringify(answer(JSON.parse(line))) + "\n");
});
