// Tasks and evaluation.
