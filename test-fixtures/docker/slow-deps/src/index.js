console.log("hello from slow-deps");
