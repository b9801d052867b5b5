// Preloaded with `node --import` into a benchmarked process: at exit, writes the process's peak
// resident set size and the CPU time it used (all threads, workers included) to stderr as marker
// lines. CPU time says how much work a run took even when other processes share the cores.
process.on('exit', () => {
  const u = process.resourceUsage();
  process.stderr.write(`\n@@max_rss_kb=${u.maxRSS}\n@@cpu_us=${u.userCPUTime + u.systemCPUTime}\n`);
});
