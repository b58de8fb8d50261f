#!/usr/bin/env python3
"""Validates JSON documents against kittylog's JSON Schemas (docs/contracts.md) with a real
draft 2020-12 validator (python3-jsonschema), for tests/contracts/schema_validation_test.cc.

usage: validate.py SCHEMA_DIR BUNDLE CASES

SCHEMA_DIR holds the <Name>.schema.json files, BUNDLE is `kittylog schema` (the self-contained
document), CASES is JSONL: {"name": ..., "schema": "EventV1" | "EmitRequestV1" | ..., "hex": the
document's bytes in hex}. Every case is validated twice, against the files (a registry of
them) and against the bundle alone; the two must agree. Prints one line per case:
    name <TAB> valid | invalid | not-json <TAB> the first error
Exit 0; 2 on bad usage or a malformed schema; 3 when the files and the bundle disagree.
"""
import json
import sys
import warnings

warnings.simplefilter("ignore", DeprecationWarning)  # RefResolver: deprecated in jsonschema >= 4.18, current in 4.10

try:
    from jsonschema import Draft202012Validator, RefResolver
except ImportError as error:
    sys.exit(f"validate.py: python3-jsonschema is missing ({error}); install/install-deps.sh installs it")


def load_files(directory):
    import pathlib
    schemas = {}
    for path in sorted(pathlib.Path(directory).glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        schemas[path.name[: -len(".schema.json")]] = schema
    if not schemas:
        sys.exit(f"validate.py: no *.schema.json in {directory}")
    return schemas


def main():
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    schemas = load_files(sys.argv[1])
    with open(sys.argv[2], encoding="utf-8") as bundle_file:
        bundle = json.load(bundle_file)
    Draft202012Validator.check_schema(bundle)
    store = {schema["$id"]: schema for schema in schemas.values()}

    def from_files(name):
        schema = schemas[name]
        return Draft202012Validator(schema, resolver=RefResolver.from_schema(schema, store=store))

    def from_bundle(name):
        # The bundle alone: a reference to the embedded resource, resolved inside the bundle.
        resolver = RefResolver.from_schema(bundle)
        return Draft202012Validator({"$ref": schemas[name]["$id"]}, resolver=resolver)

    validators = {}
    disagreements = 0
    with open(sys.argv[3], encoding="utf-8") as cases:
        for line in cases:
            case = json.loads(line)
            name = case["schema"]
            if name not in schemas:
                print(f"validate.py: {case['name']}: no schema {name}", file=sys.stderr)
                return 2
            if name not in validators:
                validators[name] = (from_files(name), from_bundle(name))
            try:
                document = json.loads(bytes.fromhex(case["hex"]).decode("utf-8"))
            except (ValueError, RecursionError) as error:
                print(f"{case['name']}\tnot-json\t{str(error)[:200]}")
                continue
            file_errors = sorted(validators[name][0].iter_errors(document), key=lambda e: list(e.path))
            bundle_errors = list(validators[name][1].iter_errors(document))
            if bool(file_errors) != bool(bundle_errors):
                print(f"validate.py: {case['name']}: the files say {'invalid' if file_errors else 'valid'}, "
                      f"the bundle {'invalid' if bundle_errors else 'valid'}", file=sys.stderr)
                disagreements += 1
            if file_errors:
                first = file_errors[0]
                where = "/".join(str(part) for part in first.absolute_path)
                print(f"{case['name']}\tinvalid\t{where}: {first.message[:200]}".replace("\n", " "))
            else:
                print(f"{case['name']}\tvalid\t")
    return 3 if disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
