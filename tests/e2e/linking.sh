#!/usr/bin/env bash
# tests/e2e/linking.sh - what the admit executable loads when it starts
# (docs/performance.md, "Loading fewer libraries"): libmicrohttpd and
# libxlsxwriter (and the GnuTLS and OpenSSL behind them) are opened only by
# the commands that use them; Lua, utf8proc, libcsv, libsodium and Nettle are
# linked in.  Every library a start maps costs each `admit check` its
# loading, so a change of the Makefile that links one again fails here.
# The binary is $ADMIT (default ./admit).  Ends with "N passed, M failed".
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
admit=${ADMIT:-$root/admit}
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok - $1"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $1"; }

needed=$(readelf -d "$admit" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
echo "# NEEDED: $(echo $needed)"
for lib in libmicrohttpd libxlsxwriter libgnutls libcrypto liblua libutf8proc libcsv libsodium libnettle; do
  if grep -q "^$lib\." <<<"$needed"; then
    not_ok "$lib is not loaded at every start"
  else
    ok "$lib is not loaded at every start"
  fi
done
# Those opened later bind whole: tests/unit/test_lazy_lib.c; serve.py and
# audit_report.py run the commands that open them.
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
