"""Reading files: YAML/JSON definitions and answers, with file/line/field in every error."""
