#!/usr/bin/env sh
# claimcheck for any CI: run from the corpus repository's root with the
# claimcheck binary on PATH. Exit code: 0 clean, 1 findings, 2 could not run.
set -eu
CORPUS="${CLAIMCHECK_CORPUS:-seeds}"
RULES="${CLAIMCHECK_RULES:-rules}"
claimcheck claims "$CORPUS" --rules "$RULES" --format csv --output claims.csv
claimcheck check "$CORPUS" --rules "$RULES"
