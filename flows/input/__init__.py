"""Stage 1, input: YAML text in, a checked `Model` (or a located `ModelError`) out.

`yamldoc` parses with line:col spans and size limits, `validate` checks against `schema`, `model` builds
the frozen dataclasses and `load.load_model` runs the three. Beside them: `importers/` turn other formats
(the TCF vendor list, a Meta export) into model YAML, `parts` and `starter` help authors write models,
`catalog` loads a folder of them, and `errors` is the problem type every later stage reports with.
Nothing here imports a later stage.
"""
