"""``sdgtoets batch``: score a list of projects (CSV, Excel or a YAML/JSON list) and report the portfolio.

Modules: ``readers`` (files -> rows), ``columns`` (header -> meaning), ``rows`` (row -> project and
raw answers), ``run`` (the streaming loop), ``summary`` (portfolio files), ``template`` (a project
list to fill in). The pure aggregation lives in ``core.portfolio``.
"""
