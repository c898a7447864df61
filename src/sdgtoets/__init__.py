"""sdgtoets: the SDG-toets for Flemish local governments."""

__version__ = "0.1.0"
