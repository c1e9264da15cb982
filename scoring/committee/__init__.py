"""The judging committee: ranking, rank confidence and calibration, reliability, decisions, statistics."""
