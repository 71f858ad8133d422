console.log("only-on-failure main ran");
