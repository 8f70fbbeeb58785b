#!/usr/bin/env bash
# Set everything up (idempotent) and run the main job headless on the embedded sample.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$here/scripts/setup.sh"
exec "$here/.venv/bin/python" "$here/scripts/main_job.py" "$@"
