"""Rule packs: loading and validating YAML rule files, lexicons and macros."""
