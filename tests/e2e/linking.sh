#!/usr/bin/env bash
# tests/e2e/linking.sh - what the admit executable loads when it starts
# (docs/performance.md, "Fewer libraries loaded at every start"):
# libmicrohttpd, libxlsxwriter (and the GnuTLS and OpenSSL behind them) and
# libsqlite3 are opened only by the code that uses them, SQLite also by the
# registry plugin that every command loads; Lua, utf8proc, libcsv, libsodium
# and Nettle are linked in.  Every library a start maps costs each
# `admit check` its loading, so a change of the Makefile that links one again
# fails here.  The binary is $ADMIT (default ./admit), the plugins those of
# $ADMIT_BUILD (default build/).  Ends with "N passed, M failed".
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
admit=${ADMIT:-$root/admit}
build=${ADMIT_BUILD:-$root/build}
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok - $1"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $1"; }

needed=$(readelf -d "$admit" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
echo "# NEEDED: $(echo $needed)"
for lib in libmicrohttpd libxlsxwriter libsqlite3 libgnutls libcrypto liblua libutf8proc libcsv libsodium \
           libnettle; do
  if grep -q "^$lib\." <<<"$needed"; then
    not_ok "$lib is not loaded at every start"
  else
    ok "$lib is not loaded at every start"
  fi
done
needed=$(readelf -d "$build/plugins/registry.so" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
echo "# registry.so NEEDED: $(echo $needed)"
if grep -q "^libsqlite3\." <<<"$needed"; then
  not_ok "the registry plugin does not link libsqlite3"
else
  ok "the registry plugin does not link libsqlite3"
fi
# What the dynamic loader loads for a check, the plugins' libraries included.
loaded=$(cd "$root" && LD_DEBUG=libs "$admit" --plugins "$build/plugins" check \
           examples/admission-2023.json 2>&1 >/dev/null | sed -n 's/.*calling init: //p')
if [ -z "$loaded" ]; then
  not_ok "LD_DEBUG shows what a check loads"
elif grep -q "/libsqlite3\." <<<"$loaded"; then
  not_ok "a check does not load libsqlite3"
else
  ok "a check does not load libsqlite3"
fi
# Those opened later bind whole: tests/unit/test_lazy_lib.c; serve.py and
# audit_report.py run the commands that open them.
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
