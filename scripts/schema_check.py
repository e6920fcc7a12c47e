#!/usr/bin/env python3
"""Validates YAML files against a JSON Schema (draft 2020-12); used by the Swift tests.

Usage: schema_check.py SCHEMA.json FILE.yaml...
Prints one JSON object: {"FILE": null when valid, else the first error}. Exits 2 when the
schema itself is not a valid draft 2020-12 schema.

YAML is read the way intake's loader reads it: only plain true/false are booleans (not
yes/no/on/off) and dates stay text, so the validator sees the same values intake does.
"""
import json
import re
import sys

import jsonschema
import yaml


class IntakeLoader(yaml.SafeLoader):
    pass


IntakeLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers
            if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
IntakeLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))


def main() -> int:
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    try:
        jsonschema.Draft202012Validator.check_schema(schema)
    except jsonschema.SchemaError as error:
        print(f"invalid schema: {error.message}", file=sys.stderr)
        return 2
    validator = jsonschema.Draft202012Validator(schema)
    results = {}
    for path in sys.argv[2:]:
        with open(path, encoding="utf-8") as f:
            document = yaml.load(f, Loader=IntakeLoader)
        error = jsonschema.exceptions.best_match(validator.iter_errors(document))
        results[path] = None if error is None else f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
    print(json.dumps(results, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
