# Benchmarks are run by hand (bench/*.sh): see README.md, "Benchmarks".
