console.log("only-on-failure post ran");
