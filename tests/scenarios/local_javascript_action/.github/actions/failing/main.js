console.log("::error::the failing action failed"); process.exit(3);
