"""Reads a `consensus eval` run's samples.jsonl for the scripts beside it. Standard library only."""
import json
import sys


def first_solver_records(path):
    """Yields (line number, record) for every record of the first solver setting; exits naming
    the file and line when a line is not JSON or has no id or task."""
    with open(path) as f:
        for number, line in enumerate(f, 1):
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                sys.exit(f"{path}:{number}: not JSON ({error})")
            for field in ("id", "task"):
                if field not in record:
                    sys.exit(f"{path}:{number}: no field '{field}'")
            if record.get("solverIndex", 0) == 0:
                yield number, record
