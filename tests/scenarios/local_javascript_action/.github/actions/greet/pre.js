console.log("pre ran (GitHub runs no pre for a local action)");
