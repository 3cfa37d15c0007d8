# Benchmarks are run by hand: see bench/README.md.
