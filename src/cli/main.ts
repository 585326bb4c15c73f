// Wharf's command line: the same core as the playground, over Node's files and streams.
console.error('wharf: no commands yet');
process.exit(2);
