console.log(`post saw state greeted=${process.env.STATE_greeted}`);
