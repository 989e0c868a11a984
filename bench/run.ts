// Benchmarks are measured here, never in the test suite. See README "Performance".
process.stdout.write('No benchmarks are defined yet.\n')
