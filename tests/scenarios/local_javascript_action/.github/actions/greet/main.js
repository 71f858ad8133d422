const fs = require("fs");
const who = process.env.INPUT_WHO;
const greeting = `Hello, ${who}${process.env.INPUT_PUNCTUATION}`;
console.log(greeting);
console.log(`action path ends with ${process.env.GITHUB_ACTION_PATH.split("/").slice(-2).join("/")}`);
fs.appendFileSync(process.env.GITHUB_OUTPUT, `greeting=${greeting}\n`);
fs.appendFileSync(process.env.GITHUB_STATE, `greeted=${who}\n`);
fs.appendFileSync(process.env.GITHUB_ENV, `GREETED=${who}\n`);
