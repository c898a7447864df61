"""The command-line shell: one module per command, wired together in ``app``."""
