// Mocha's spec reporter, plus the run's pass/fail counts written as JSON to $MOCHA_STATS_FILE so
// scripts/test-all.mjs can sum every layer.
const fs = require('node:fs');
const Mocha = require('mocha');

class SpecWithStats extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const file = process.env.MOCHA_STATS_FILE;
      if (file) fs.writeFileSync(file, JSON.stringify({ passed: this.stats.passes, failed: this.stats.failures, pending: this.stats.pending }));
    });
  }
}

module.exports = SpecWithStats;
