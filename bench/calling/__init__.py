"""Benchmarks of the calling policies beyond the simulator's standard report (see bench/README.md).

Run `python -m bench.calling.frontier SCENARIO`; the module is not imported here so that `-m` runs it cleanly.
"""

__all__: list[str] = []
