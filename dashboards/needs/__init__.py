"""The needs index and the equipment aid plan (issue 29): pure formulas (index, allocation) and
the reading of their inputs from the survey and training figures (inputs)."""
