"""The store: the only package that imports duckdb or holds SQL.

`database` owns connections, transactions and migrations; the other modules
hold named, parameterised queries, one module per part of the award.
"""
from scoring.store.database import Store, StoreError, WriteConflict, frame, insert_frame, replace_file

__all__ = ["Store", "StoreError", "WriteConflict", "frame", "insert_frame", "replace_file"]
