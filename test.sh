#!/usr/bin/env bash
# Runs every test on a fresh Debian machine that has only the .NET SDK.
# Installs what the tests need when it is missing, builds warning-free, runs all test projects,
# and ends with one line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")"

# Browser tests drive Debian's Chromium (Playwright's own browser download cannot reach its host here);
# the CJK fonts make Chinese pages legible in the screenshots.
# Mail tests send through a real SMTP server, npm's maildev, which needs Node.js.
# PDF tests check structure with qpdf and draw pages to PNG with poppler's pdftoppm; DejaVu covers the
# symbols Noto CJK lacks (arrows such as ↳), which the PDF module takes from a fallback font.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || missing+=(fonts-dejavu-core)
command -v qpdf >/dev/null 2>&1 || missing+=(qpdf)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
# Evidence bundles are checked as an outsider would: sha256sum (coreutils) and openssl's signature check.
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

maildev_version=2.2.1
if [ ! -x .tools/node_modules/.bin/maildev ] || ! grep -q "\"version\": \"$maildev_version\"" .tools/node_modules/maildev/package.json; then
  echo "installing maildev $maildev_version into .tools/"
  npm install --prefix .tools --no-audit --no-fund --loglevel=error "maildev@$maildev_version" >/dev/null
fi

dotnet build Crisis.sln -c Release -nologo -v quiet -warnaserror

log=$(mktemp)
status=0
dotnet test Crisis.sln -c Release --no-build -nologo 2>&1 | tee "$log" || status=$?

# dotnet test prints one summary per test project: "Passed!  - Failed: 0, Passed: 81, Skipped: 0, ..."
awk -F'[:,]' '/(Passed|Failed)! +- Failed:/ { failed += $2; passed += $4; skipped += $6 }
     END { printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped }' "$log"
rm -f "$log"
exit "$status"
