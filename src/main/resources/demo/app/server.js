// web1's server, as far as the demo needs one: the image is deployed to a simulated ECS.
console.log("web1 listening on " + (process.env.PORT || 8080));
