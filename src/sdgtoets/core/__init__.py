"""The functional core: pure, deterministic, no I/O, no terminal.

Everything in here takes plain data and returns plain data. The shell (``cli``, ``loading``,
``interview``, ``reports``, ``batch``) depends on the core, never the other way round.
"""
