"""Server-time benchmarks, kept out of the app packages: `make benchmark` runs `benchmarks.run`,
which seeds and measures through `benchmarks.<app>_bench` (seed / is_seeded / cases / extra)."""
