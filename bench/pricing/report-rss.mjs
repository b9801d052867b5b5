// Preloaded with `node --import` into a benchmarked process: at exit, writes the process's peak
// resident set size (all threads, workers included) to stderr as one marker line.
process.on('exit', () => {
  process.stderr.write(`\n@@max_rss_kb=${process.resourceUsage().maxRSS}\n`);
});
