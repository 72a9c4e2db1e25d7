"""What the algorithms share around their data: reading and writing layers, staging outputs, and the checks
of parameters, CRSs, clashes and what a file's reader got wrong."""
