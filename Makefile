# Convenience targets; each calls a script that also works without make.
.PHONY: demo test package screenshot sample

demo:
	bash scripts/main_job.sh

test:
	bash scripts/test.sh

package:
	python3 scripts/package.py

screenshot:
	bash scripts/screenshot.sh

sample:
	.venv/bin/python scripts/build_sample.py
