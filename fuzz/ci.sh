#!/usr/bin/env bash
# Runs every fuzz target for a short, fixed number of runs, from seeds made by seed.sh. Called by
# .ci/run. Needs a nightly toolchain; installs cargo-fuzz when it is missing. Without nightly it
# says so and succeeds: fuzzing is a check the machine may not be able to run.
set -euo pipefail
cd "$(dirname "$0")"
RUNS="${FUZZ_RUNS:-1000}"

if ! rustup run nightly rustc --version >/dev/null 2>&1; then
  echo "fuzz: skipped, no nightly toolchain (rustup toolchain install nightly to run it)"
  exit 0
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz"
  cargo install cargo-fuzz --locked --quiet
fi
./seed.sh
status=0
for target in $(cargo fuzz list); do
  log="$(mktemp)"
  # cargo fuzz exits non-zero on a crash, a timeout or a memory blow-up.
  if cargo +nightly fuzz run "$target" "corpus/$target" -- \
      -runs="$RUNS" -dict=yaml.dict -max_len=65536 -timeout=10 -rss_limit_mb=2048 >"$log" 2>&1; then
    echo "fuzz: $target: $(grep -E '^Done' "$log" || echo 'done')"
  else
    echo "fuzz: $target FAILED; the input is under fuzz/artifacts/$target/" >&2
    tail -40 "$log" >&2
    status=1
  fi
  rm -f "$log"
done
exit "$status"
