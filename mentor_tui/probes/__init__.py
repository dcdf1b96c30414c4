"""Equipment probes: machine readings, devices, software, latency and bandwidth, and the verdict.

Nothing here imports Textual: the app's Equipment panel and ``mentor-tui check`` share this code.
"""
