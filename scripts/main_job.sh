#!/usr/bin/env bash
# Set everything up (idempotent) and run the main job headless on the embedded sample.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$here/scripts/setup.sh"
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"  # Qt wants one; headless machines have none
exec "$here/.venv/bin/python" "$here/scripts/main_job.py" "$@"
