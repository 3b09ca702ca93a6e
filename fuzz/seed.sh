#!/usr/bin/env bash
# Seeds each target's corpus from the repository's own documents: rule files for the framework
# targets, sample bundles and the bundles of the test cases for the bundle targets. The corpora
# are not committed; this script recreates them.
set -euo pipefail
cd "$(dirname "$0")"
root=..
mkdir -p corpus/framework_yaml corpus/framework_json corpus/bundle_yaml corpus/bundle_json corpus/assess_structured
cp "$root"/rules/*.yaml corpus/framework_yaml/
cp "$root"/examples/data/*.yaml corpus/bundle_yaml/
# The test cases hold a framework and a bundle each: python3 with PyYAML splits them and writes
# each part as YAML and as JSON; without them only the rule files and samples seed.
if command -v python3 >/dev/null 2>&1; then
  python3 - "$root" <<'PY'
import json, pathlib, sys
root = pathlib.Path(sys.argv[1])
try:
    import yaml
except ImportError:
    yaml = None
for case in sorted((root / "tests" / "cases").rglob("*.yaml")):
    name = case.relative_to(root / "tests" / "cases").as_posix().replace("/", "_")
    text = case.read_text()
    if yaml is None:
        break
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError:
        continue
    if not isinstance(doc, dict):
        continue
    for key, target in (("framework", "framework"), ("evidence", "bundle"), ("bundle", "bundle")):
        part = doc.get(key)
        if isinstance(part, dict):
            (pathlib.Path(f"corpus/{target}_yaml") / name).write_text(yaml.safe_dump(part))
            (pathlib.Path(f"corpus/{target}_json") / (name[:-5] + ".json")).write_text(json.dumps(part, default=str))
PY
fi
echo "corpus: $(find corpus -type f | wc -l) files"
