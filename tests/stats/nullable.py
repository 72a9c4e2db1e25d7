"""Helper for comparing pandas nullable integer results in tests."""
import pandas as pd


def as_list(values) -> list:
    """Python list of a nullable array with <NA> as None (plain ints otherwise)."""
    return [None if pd.isna(v) else int(v) for v in values]
