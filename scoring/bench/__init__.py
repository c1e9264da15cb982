"""Tooling, never imported by the product: `kvalitet bench` (server, browser, load, mail), the scale-N
generator, and the synthetic cycles behind `kvalitet simulate`."""
