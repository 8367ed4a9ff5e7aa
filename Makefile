# Makefile for admit.  Plain make; see README.md for the two set-up commands.
#
#   make            build ./admit (a link to build/admit) and the shipped plugins
#   make deps       install the Debian packages building and running need (needs root)
#   make deps-test  those and the packages the tests need
#   make demo       deps + build + check an example dossier
#   make test       deps-test + build + every test suite, ending with "N passed, M failed"
#   make check      the same suite built with AddressSanitizer and UBSan (gcc),
#                   then unit and end-to-end tests with clang's UBSan
#   make tsan       admit audit -j 4 under ThreadSanitizer (build-tsan/, tests/tsan.sh)
#   make fuzz       libFuzzer targets (tests/fuzz/), FUZZ_SECONDS each (300)
#   make fuzz-ci    the same, 60 s each (CI)
#   make valgrind   the unit tests and an end-to-end check under valgrind
#   make bench      timings on a generated corpus, and the load test of admit serve (bench/)
#   make tsan-serve admit serve's end-to-end tests (serve, profiles) under ThreadSanitizer (build-tsan/)
#   make install    PREFIX=/usr/local DESTDIR= : binary, rules, schemas, plugins, the
#                   rule tests and examples, the manual page, bash completion
#   make uninstall  the same PREFIX and DESTDIR: removes what install put

PREFIX     ?= /usr/local
DESTDIR    ?=
BUILD      ?= build
PKG_CONFIG ?= pkg-config
CC         ?= cc

DATADIR    = $(PREFIX)/share/admit
PLUGINDIR  = $(PREFIX)/lib/admit/plugins
MAN1DIR    = $(PREFIX)/share/man/man1
COMPLETIONDIR = $(PREFIX)/share/bash-completion/completions

# Debian packages: building and running (`make deps`, `make demo`), and the
# tests on top of them (`make deps-test`, `make test`, `make check`).
# Running links libutf8proc (Unicode normal form: fmt, the HTML report, the CSV
# import) and libcsv (the registry import); the printed report's test renders
# it with chromium and reads the PDF with poppler-utils; the web page's test
# drives chromium through chromium-driver and python3-selenium.
RUN_PACKAGES  = gcc make pkg-config liblua5.4-dev libcjson-dev libsqlite3-dev \
                libutf8proc-dev libcsv-dev libmicrohttpd-dev
TEST_PACKAGES = libcmocka-dev json-schema-test-suite python3 python3-jsonschema valgrind \
                python3-ephem groff-base man-db chromium poppler-utils fonts-liberation \
                clang libclang-rt-14-dev wrk
# The audit's report.xlsx (engine/audit_report_xlsx.c) links libxlsxwriter; its
# end-to-end test reads it back and drives chromium (tests/e2e/audit_report.py).
RUN_PACKAGES  += libxlsxwriter-dev
TEST_PACKAGES += python3-openpyxl python3-selenium chromium-driver
# Signed profile packs (engine/pack_verify.c): libsodium verifies; the tests sign with minisign.
RUN_PACKAGES  += libsodium-dev
# The digests of the rulebook and plugins (engine/sha256.c): Nettle's SHA-256.
RUN_PACKAGES  += nettle-dev
# The allocator of unsanitized builds (Makefile, LDLIBS).
RUN_PACKAGES  += libmimalloc-dev
TEST_PACKAGES += minisign
DEB_PACKAGES  = $(RUN_PACKAGES) $(TEST_PACKAGES)

PKGS     = lua5.4 libcjson libutf8proc
WARN     = -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wformat=2 -Wvla
ifeq ($(CI),true)
WARN    += -Werror
endif
OPT     ?= -O2 -g
ifeq ($(SANITIZE),1)
OPT      = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
LDSAN    = -fsanitize=address,undefined
endif
# clang's UBSan alone, with the checks gcc lacks (float-to-integer overflow).
ifeq ($(SANITIZE),clang-ubsan)
OPT      = -O1 -g -fno-omit-frame-pointer -fsanitize=undefined,float-cast-overflow \
           -fno-sanitize-recover=all
LDSAN    = -fsanitize=undefined,float-cast-overflow
endif
# The libFuzzer build (docs/fuzzing.md): the engine with coverage for the
# fuzzer; plugins with the sanitizers only (PLUGIN_OPT).
ifeq ($(SANITIZE),fuzz)
OPT        = -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined \
             -fsanitize=float-cast-overflow -fno-sanitize-recover=all
PLUGIN_OPT = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
             -fsanitize=float-cast-overflow -fno-sanitize-recover=all
LDSAN      = -fsanitize=address,undefined,float-cast-overflow
endif
PLUGIN_OPT ?= $(OPT)

# make tsan: ThreadSanitizer for the audit's worker threads (tests/tsan.sh).
ifeq ($(SANITIZE),thread)
OPT      = -O1 -g -fno-omit-frame-pointer -fsanitize=thread
LDSAN    = -fsanitize=thread
endif

PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)

CPPFLAGS += -D_POSIX_C_SOURCE=200809L -Iengine -Iplugins $(PKG_CFLAGS) \
            -DADMIT_DATADIR='"$(DATADIR)"' -DADMIT_PLUGINDIR='"$(PLUGINDIR)"'
CFLAGS   += $(WARN) $(OPT) -MMD -MP
# Lua, utf8proc, libcsv, libsodium and Nettle are linked from the static
# archives their Debian -dev packages ship: a shared library costs every start
# its mapping, relocation and symbol lookups (docs/performance.md), and none
# of these is shared with a plugin. libcjson has no static archive in Debian.
STATIC_LIBS = -llua5.4 -lutf8proc -lcsv -lsodium -lnettle
# mimalloc is the process's malloc (it comes before the C library, so that
# every malloc, the plugins' included, resolves to it): the JSON trees of each
# dossier and its result, and Lua's objects, spent a fifth of a batch's
# instructions in glibc's malloc and free (docs/performance.md).  Sanitized
# builds keep their sanitizer's allocator; what is preloaded comes before it
# (valgrind's own malloc, the allocation-failure shim of tests/e2e/oom.py).
ifeq ($(SANITIZE),)
MALLOC_LIB = -lmimalloc
$(BUILD)/engine/alloc.o: CPPFLAGS += -DADMIT_MIMALLOC
endif
LDLIBS   += $(MALLOC_LIB) -Wl,-Bstatic $(STATIC_LIBS) -Wl,-Bdynamic -lcjson -ldl -lm -lpthread
# libmicrohttpd (admit serve), libxlsxwriter (the audit's report.xlsx) and
# libsqlite3 (the audit's database input) are not linked: the code that uses
# them opens them when it first needs them (engine/lazy_lib.h), so that every
# other start skips loading them and what they link (GnuTLS, OpenSSL).  The
# soname to open is read from the library the headers come with.  SQLite
# stays a shared library, not a static archive: the registry plugin opens it
# too (plugins/registry/sqlite_api.h), and two copies of SQLite in one process
# would not see each other's file locks.
soname_of = $(shell readelf -d "$$($(CC) -print-file-name=lib$(1).so)" 2>/dev/null | \
              sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
$(BUILD)/engine/serve_mhd.o: CPPFLAGS += -DADMIT_MHD_SONAME='"$(call soname_of,microhttpd)"' \
                                        $(shell $(PKG_CONFIG) --cflags libmicrohttpd 2>/dev/null)
$(BUILD)/engine/audit_xlsx_lib.o: CPPFLAGS += -DADMIT_XLSX_SONAME='"$(call soname_of,xlsxwriter)"'
$(BUILD)/engine/sqlite_lib.o: CPPFLAGS += -DADMIT_SQLITE_SONAME='"$(call soname_of,sqlite3)"'

ENGINE_SRCS  := $(filter-out engine/main.c,$(wildcard engine/*.c))
ENGINE_OBJS  := $(ENGINE_SRCS:%.c=$(BUILD)/%.o)
# The shipped rule files compiled to Lua bytecode at build time
# (engine/rule_bytecode.h), an object of the engine like the others.
ENGINE_OBJS  += $(BUILD)/engine/rule_bytecode_table.o
# What loading the shipped rulebook computes, made at build time
# (engine/rulebook_image.h).
ENGINE_OBJS  += $(BUILD)/engine/rulebook_image.o
RULE_LUA     := $(sort $(wildcard rules/*.lua rules/lib/*.lua))
UNIT_SRCS    := $(wildcard tests/unit/test_*.c)
UNIT_BINS    := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
# Test binaries the end-to-end tests drive (tests/tools/*.c, never installed).
TOOL_SRCS    := $(wildcard tests/tools/*.c)
TOOL_BINS    := $(TOOL_SRCS:tests/tools/%.c=$(BUILD)/tests/tools/%)
TESTPLUG_SRCS:= $(wildcard tests/plugins/*.c)
TESTPLUGS    := $(TESTPLUG_SRCS:tests/plugins/%.c=$(BUILD)/tests/plugins/%.so)
PLUGIN_NAMES := $(notdir $(patsubst %/,%,$(dir $(wildcard plugins/*/*.c))))
PLUGINS      := $(sort $(PLUGIN_NAMES:%=$(BUILD)/plugins/%.so))

# Libraries a plugin or a unit test needs beyond the defaults, by name
# (PLUGIN_LIBS_<plugin>, TEST_LIBS_<test>, <test> without "test_"), and a
# plugin's preprocessor flags (PLUGIN_CPPFLAGS_<plugin>).
# The registry plugin opens libsqlite3 itself when a registry file is opened,
# created or imported into (plugins/registry/sqlite_api.h), with the engine's
# lazy_lib.c compiled in (below); -ldl for a C library older than glibc 2.34.
PLUGIN_LIBS_registry = -pthread -ldl
PLUGIN_CPPFLAGS_registry = -DADMIT_SQLITE_SONAME='"$(call soname_of,sqlite3)"'
PLUGIN_LIBS_vncal    = -lm
# Tests that write their SQLite fixtures with the C API link the library.
TEST_LIBS_audit      = -lsqlite3
TEST_LIBS_registry   = -lsqlite3
TEST_LIBS_registry_import = -lsqlite3
# test_eval makes a strbuf run out of memory on demand (its __wrap_strbuf_detach).
TEST_LIBS_eval       = -Wl,--wrap=strbuf_detach

# vncal's announced holiday schedules, installed beside the plugin as
# vncal-holidays/ (docs/calendar.md).
VNCAL_HOLIDAYS := $(wildcard plugins/vncal/holidays/*.tsv)

# Keep intermediate objects (the unit tests' .o files) between runs.
.SECONDARY:

# Plugin sources are found per plugin directory at rule-matching time.
.SECONDEXPANSION:

.PHONY: all deps deps-test demo test test-run check valgrind bench tsan tsan-serve install uninstall clean \
        docs docs-rulebook
# ./admit links to the default build; other builds (build-san) leave it alone.
ifeq ($(BUILD),build)
ROOT_LINK = admit
endif
all: $(ROOT_LINK) $(BUILD)/admit $(PLUGINS) $(BUILD)/plugins/vncal-holidays

admit: $(BUILD)/admit
	ln -sf $(BUILD)/admit admit

$(BUILD)/admit: $(BUILD)/engine/main.o $(ENGINE_OBJS)
	$(CC) $(LDSAN) -o $@ $^ $(LDLIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

# The installed locations are compiled into paths.o: rebuild it when PREFIX
# changes (make install PREFIX=... after a plain make).
$(BUILD)/engine/paths.o: $(BUILD)/install-dirs
$(BUILD)/install-dirs: FORCE
	@mkdir -p $(dir $@)
	@echo '$(DATADIR) $(PLUGINDIR)' | cmp -s - $@ || echo '$(DATADIR) $(PLUGINDIR)' > $@
FORCE:

# Plugins are position-independent and see only plugins/admit_plugin.h (the
# registry plugin also engine/lazy_lib.h, below).
$(BUILD)/plugins/%.so: $$(wildcard plugins/%/*.c) $$(wildcard plugins/%/*.h) plugins/admit_plugin.h
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(PLUGIN_OPT) $(PLUGIN_CPPFLAGS_$*) -Iplugins -fPIC -shared -o $@ \
	  $(filter %.c,$^) $(LDSAN) $(PLUGIN_LIBS_$*)
	$(SPLIT_DEBUG)
# Every start hashes each plugin's file for its digest (docs/performance.md,
# change 31), and debug information was 60 % of those bytes: it is moved to
# plugins/.debug/NAME.so.debug, where gdb looks for the file the plugin's
# .gnu_debuglink names (plugin folders skip names that start with a dot).
# Sanitized builds keep it in the plugin, for their reports.
ifeq ($(SANITIZE),)
SPLIT_DEBUG = @mkdir -p $(dir $@).debug && \
              objcopy --only-keep-debug $@ $(dir $@).debug/$(notdir $@).debug && \
              cd $(dir $@) && objcopy --strip-debug --add-gnu-debuglink=.debug/$(notdir $@).debug $(notdir $@)
endif
# The registry plugin also compiles the engine's lazy_lib.c (which uses
# nothing else of the engine), with the plugin's flags, to open SQLite.
$(BUILD)/plugins/registry.so: engine/lazy_lib.c engine/lazy_lib.h

# The rule files' bytecode (engine/rule_bytecode.h): a build tool, never
# sanitized (it only compiles Lua), run over rules/ of the source tree.
$(BUILD)/gen/rule_bytecode_gen: engine/gen/rule_bytecode_gen.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O2 $(shell $(PKG_CONFIG) --cflags lua5.4) -o $@ $< $(shell $(PKG_CONFIG) --libs lua5.4)
$(BUILD)/gen/rule_bytecode_table.c: $(BUILD)/gen/rule_bytecode_gen $(RULE_LUA)
	$(BUILD)/gen/rule_bytecode_gen $@ rules $(RULE_LUA:rules/%=%)
$(BUILD)/engine/rule_bytecode_table.o: $(BUILD)/gen/rule_bytecode_table.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

# The shipped rulebook's image (engine/rulebook_image.h): a build tool made
# of the engine's own loading code, compiled apart and never sanitized, run
# over the source tree's rulebook; the image depends on every file the
# rulebook's digest covers.
RULEBOOK_IMAGE_SRCS = engine/gen/rulebook_image_gen.c engine/messages.c engine/messages_rulebook.c \
                      engine/rulebook_files.c engine/jsontext.c engine/sha256.c engine/dir_names.c \
                      engine/strbuf.c engine/date.c engine/i18n.c engine/status.c engine/alloc.c \
                      engine/schema_arrays.c engine/input.c engine/schema.c engine/suggest.c
RULEBOOK_TEXTS = $(sort $(wildcard rules/*.json rules/messages/*.json)) $(RULE_LUA) \
                 schemas/dossier.schema.json
$(BUILD)/gen/rulebook_image_gen: $(RULEBOOK_IMAGE_SRCS) $(wildcard engine/*.h)
	@mkdir -p $(dir $@)
	$(CC) -D_POSIX_C_SOURCE=200809L -Iengine $(PKG_CFLAGS) $(WARN) -O2 -o $@ \
	  $(RULEBOOK_IMAGE_SRCS) -Wl,-Bstatic -lnettle -Wl,-Bdynamic -lcjson -lm
$(BUILD)/gen/rulebook_image.c: $(BUILD)/gen/rulebook_image_gen $(RULEBOOK_TEXTS)
	$(BUILD)/gen/rulebook_image_gen $@ rules schemas
$(BUILD)/engine/rulebook_image.o: $(BUILD)/gen/rulebook_image.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

# vncal's lunar table is computed at build time: gen/lunar_table_gen.c runs
# lunar_calendar_compute (lunar.c) and writes the table as C source, compiled
# into vncal.so (plugins/vncal/lunar.h; tests/unit/test_vncal_table.c proves
# it equals the computation at run time).
VNCAL_TABLE_GEN  = $(BUILD)/gen/lunar_table_gen
VNCAL_TABLE_SRCS = plugins/vncal/lunar.c plugins/vncal/astro.c plugins/vncal/civil.c
$(VNCAL_TABLE_GEN): plugins/vncal/gen/lunar_table_gen.c $(VNCAL_TABLE_SRCS) $(wildcard plugins/vncal/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(PLUGIN_OPT) -Iplugins -o $@ $(filter %.c,$^) $(LDSAN) -lm
$(BUILD)/gen/vncal_lunar_table.c: $(VNCAL_TABLE_GEN)
	$(VNCAL_TABLE_GEN) $@
$(BUILD)/plugins/vncal.so: $(BUILD)/gen/vncal_lunar_table.c
$(BUILD)/gen/vncal_lunar_table.o: $(BUILD)/gen/vncal_lunar_table.c
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<
$(BUILD)/tests/test_vncal_table: $(VNCAL_TABLE_SRCS:%.c=$(BUILD)/%.o) $(BUILD)/plugins/vncal/lunar_builtin.o \
  $(BUILD)/gen/vncal_lunar_table.o
# The working-day table against a day-by-day reference
# (tests/unit/test_vncal_workdays.c): the same objects and what builds the table.
$(BUILD)/tests/test_vncal_workdays: $(VNCAL_TABLE_SRCS:%.c=$(BUILD)/%.o) \
  $(BUILD)/plugins/vncal/lunar_builtin.o $(BUILD)/gen/vncal_lunar_table.o \
  $(BUILD)/plugins/vncal/workdays.o $(BUILD)/plugins/vncal/holidays.o $(BUILD)/plugins/vncal/schedule.o

# The folder is rebuilt whole, so that a schedule removed from the source goes too
# (the source folder's own time changes then).  The empty rule keeps make from
# building the folder's name out of holidays.c.
plugins/vncal/holidays: ;
$(BUILD)/plugins/vncal-holidays: plugins/vncal/holidays $(VNCAL_HOLIDAYS)
	rm -rf $@ && mkdir -p $@
	$(if $(VNCAL_HOLIDAYS),cp $(VNCAL_HOLIDAYS) $@/)
	@touch $@

$(BUILD)/tests/plugins/%.so: tests/plugins/%.c plugins/admit_plugin.h
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(OPT) -Iplugins -fPIC -shared -o $@ $< $(LDSAN)

# Every unit test links the shared fixture helpers (tests/unit/support.c).
$(BUILD)/tests/test_%: $(BUILD)/tests/unit/test_%.o $(BUILD)/tests/unit/support.o $(ENGINE_OBJS)
	$(CC) $(LDSAN) -o $@ $^ $(LDLIBS) $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null) \
	  $(TEST_LIBS_$*)

$(BUILD)/tests/tools/%: $(BUILD)/tests/tools/%.o $(ENGINE_OBJS)
	$(CC) $(LDSAN) -o $@ $^ $(LDLIBS)

# apt-get install the PACKAGES that dpkg does not have.
deps: PACKAGES = $(RUN_PACKAGES)
deps-test: PACKAGES = $(RUN_PACKAGES) $(TEST_PACKAGES)
deps deps-test:
	@missing=""; for p in $(PACKAGES); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

# An eligible dossier, then one prepared for a meeting that would fail.
DEMO_DOSSIERS = examples/admission-2023.json examples/admission-2023-too-young.json
demo: deps
	@$(MAKE) --no-print-directory all
	@for f in $(DEMO_DOSSIERS); do \
	  echo; echo "\$$ ./admit check $$f"; \
	  ./admit check $$f; code=$$?; echo "(exit code $$code)"; \
	  [ $$code -le 1 ] || exit 1; done

test: deps-test
	@$(MAKE) --no-print-directory test-run

# The whole suite against $(BUILD); tests/run.sh prints the closing total.
test-run: all $(UNIT_BINS) $(TESTPLUGS) $(BUILD)/tests/failalloc.so $(TOOL_BINS)
	@tests/run.sh $(BUILD)

# Generated documentation: the dossier field guide from the dossier schema
# (tests/e2e/dossier_guide.py fails when it is stale).
docs:
	python3 docs/gen/dossier_guide.py

# The allocation-failure shim of tests/e2e/oom.py (LD_PRELOAD; never sanitized:
# a sanitizer's malloc comes first).
$(BUILD)/tests/failalloc.so: tests/fault/failalloc.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O2 -fPIC -shared -o $@ $<

# gcc's ASan+UBSan over the whole suite, then clang's UBSan (which also
# checks float-to-integer overflow) over the same suite, with a sparser
# fault injection (FAILALLOC_RUNS: tests/e2e/oom.py).
check: deps-test
	@$(MAKE) --no-print-directory BUILD=build-san SANITIZE=1 test-run
	@$(MAKE) --no-print-directory BUILD=build-ubsan SANITIZE=clang-ubsan CC=clang \
	  all $(UNIT_BINS:$(BUILD)/%=build-ubsan/%) $(TESTPLUGS:$(BUILD)/%=build-ubsan/%) \
	  $(TOOL_BINS:$(BUILD)/%=build-ubsan/%) \
	  build-ubsan/tests/failalloc.so
	@FAILALLOC_RUNS=20 tests/run.sh build-ubsan

# -- fuzzing (docs/fuzzing.md) ------------------------------------------------
FUZZ_BUILD    ?= build-fuzz
FUZZ_SECONDS  ?= 300
FUZZ_JOBS     ?= 2
FUZZ_TARGETS  := json dossier eval ruletest coverage
FUZZ_BINS      = $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz_%)
# Seeds: the shipped corpus of each target, plus the examples and rule tests.
FUZZ_SEEDS_json     = tests/fuzz/corpus/json examples
FUZZ_SEEDS_dossier  = tests/fuzz/corpus/dossier examples
FUZZ_SEEDS_eval     = tests/fuzz/corpus/eval examples
FUZZ_SEEDS_ruletest = tests/fuzz/corpus/ruletest tests/rules-registry
FUZZ_SEEDS_coverage = tests/fuzz/corpus/coverage
FUZZ_DICT_json      = tests/fuzz/json.dict
FUZZ_DICT_dossier   = tests/fuzz/dossier.dict
FUZZ_DICT_eval      = tests/fuzz/dossier.dict
FUZZ_DICT_ruletest  = tests/fuzz/ruletest.dict
FUZZ_DICT_coverage  = tests/fuzz/coverage.dict

.PHONY: fuzz fuzz-ci fuzz-build
fuzz-build:
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) SANITIZE=fuzz CC=clang \
	  all $(FUZZ_BINS) $(FUZZ_BUILD)/fuzz-registry.db

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.c tests/fuzz/fuzz_common.h \
                      $(ENGINE_OBJS)
	$(CC) $(CPPFLAGS) $(WARN) $(subst fuzzer-no-link,fuzzer,$(OPT)) -Itests/fuzz -o $@ \
	  $(filter %.c %.o,$^) $(LDLIBS)

# The small member registry the eval target's rules read.
$(FUZZ_BUILD)/fuzz-registry.db: schemas/registry.sql tests/fixtures/registry.sql
	rm -f $@
	/usr/bin/python3 -c 'import sqlite3,sys; db=sqlite3.connect(sys.argv[1]); \
	  [db.executescript(open(f, encoding="utf-8").read()) for f in sys.argv[2:]]; \
	  db.commit()' $@ $^

# fuzz-run-TARGET: one target for FUZZ_SECONDS; new inputs go to
# FUZZ_BUILD/corpus-TARGET, crashes to FUZZ_BUILD/crash-TARGET-*.
fuzz-run-%:
	@mkdir -p $(FUZZ_BUILD)/corpus-$*
	@echo "fuzz: $* for $(FUZZ_SECONDS) s"
	@$(FUZZ_BUILD)/fuzz_$* $(FUZZ_BUILD)/corpus-$* $(FUZZ_SEEDS_$*) \
	  -dict=$(FUZZ_DICT_$*) -max_total_time=$(FUZZ_SECONDS) -timeout=20 \
	  -rss_limit_mb=2560 -max_len=65536 -print_final_stats=1 \
	  -artifact_prefix=$(FUZZ_BUILD)/crash-$*- >$(FUZZ_BUILD)/fuzz-$*.log 2>&1 || \
	  { tail -n 80 $(FUZZ_BUILD)/fuzz-$*.log; echo "fuzz: $* FAILED (log: $(FUZZ_BUILD)/fuzz-$*.log)"; exit 1; }
	@grep -E '^stat::number_of_executed_units|^#[0-9]+.*DONE' $(FUZZ_BUILD)/fuzz-$*.log | \
	  sed 's/^/fuzz: $*: /' | tail -n 2

fuzz: fuzz-build
	@$(MAKE) --no-print-directory -j$(FUZZ_JOBS) BUILD=$(FUZZ_BUILD) CC=clang \
	  FUZZ_SECONDS=$(FUZZ_SECONDS) $(FUZZ_TARGETS:%=fuzz-run-%)

# CI: every target for 60 s, two at a time (about 3 minutes after the build).
fuzz-ci:
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=60

# admit audit -j 4 under ThreadSanitizer (build-tsan/).
tsan: deps
	@$(MAKE) --no-print-directory BUILD=build-tsan SANITIZE=thread all
	@tests/tsan.sh build-tsan

valgrind: all $(UNIT_BINS) $(TESTPLUGS)
	@tests/valgrind.sh $(BUILD)

# Mutation testing of the rulebook (tests/mutate/mutate.py): every mutant, or
# the seeded sample CI runs; both fail when a non-equivalent mutant survives.
.PHONY: mutate mutate-sample
mutate: all
	python3 tests/mutate/mutate.py --admit $(BUILD)/admit

mutate-sample: all
	python3 tests/mutate/mutate.py --admit $(BUILD)/admit --sample 60

# Mutation testing of the engine's deciding C code (date.c, messages.c,
# eval.c; tests/mutate/mutate_c.py, docs/mutation.md): each mutant compiled
# in a private copy of the tree, run through those files' unit tests and the
# rule tests.  MUTATE_C_ARGS=--sample 100 runs a fixed, seeded sample.
.PHONY: mutate-c
mutate-c: all
	python3 tests/mutate/mutate_c.py $(MUTATE_C_ARGS)

# admit serve's end-to-end test under ThreadSanitizer (build-tsan/): the
# connection threads, the evaluating threads and their pool, the metrics,
# reloads; and the pool's unit test.
tsan-serve:
	@$(MAKE) --no-print-directory BUILD=build-tsan OPT="-O1 -g -fsanitize=thread" \
	  LDSAN=-fsanitize=thread all build-tsan/tests/test_serve_pool
	ADMIT_BUILD=$(CURDIR)/build-tsan TSAN_OPTIONS=halt_on_error=1:exitcode=66 \
	  build-tsan/tests/test_serve_pool
	ADMIT=$(CURDIR)/build-tsan/admit ADMIT_BUILD=$(CURDIR)/build-tsan NO_COLOR=1 \
	  TSAN_OPTIONS=halt_on_error=1:exitcode=66 python3 tests/e2e/serve.py
	ADMIT=$(CURDIR)/build-tsan/admit ADMIT_BUILD=$(CURDIR)/build-tsan NO_COLOR=1 \
	  TSAN_OPTIONS=halt_on_error=1:exitcode=66 python3 tests/e2e/profiles_serve_audit.py

# The engine's link flags, for bench/run.sh's in-process benchmark.
.PHONY: print-ldlibs
print-ldlibs:
	@echo '$(LDLIBS)'

bench: all
	@bench/run.sh $(BUILD)
	@bench/serve_bench.sh $(BUILD)
	@echo "admit serve, CPU time a request, one worker pinned (bench/serve_cpu.py):"
	@python3 bench/serve_cpu.py $(BUILD)/admit

# The generated tables of docs/rulebook.md, from rules/ and `admit rules list`
# (tests/e2e/rulebook_doc.py fails when they are stale).
docs-rulebook: all
	python3 docs/gen/rulebook_doc.py --admit $(BUILD)/admit docs/rulebook.md

# The rule tests go to DATADIR/tests/rules and the examples they start from to
# DATADIR/examples (their "base" is ../../examples/...), so that the installed
# `admit test` runs them.
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(DATADIR) $(DESTDIR)$(PLUGINDIR) \
	  $(DESTDIR)$(DATADIR)/tests/rules $(DESTDIR)$(DATADIR)/examples \
	  $(DESTDIR)$(MAN1DIR) $(DESTDIR)$(COMPLETIONDIR)
	install -m 755 $(BUILD)/admit $(DESTDIR)$(PREFIX)/bin/admit
	cp -R rules schemas $(DESTDIR)$(DATADIR)/
	if [ -d web ]; then cp -R web $(DESTDIR)$(DATADIR)/; fi
	install -m 644 tests/rules/*.json $(DESTDIR)$(DATADIR)/tests/rules/
	install -m 644 examples/*.json $(DESTDIR)$(DATADIR)/examples/
	for p in $(PLUGINS); do install -m 644 $$p $(DESTDIR)$(PLUGINDIR)/; done
	install -d $(DESTDIR)$(PLUGINDIR)/vncal-holidays
	for f in $(VNCAL_HOLIDAYS); do install -m 644 $$f $(DESTDIR)$(PLUGINDIR)/vncal-holidays/; done
	install -m 644 man/admit.1 $(DESTDIR)$(MAN1DIR)/admit.1
	install -m 644 completion/admit.bash $(DESTDIR)$(COMPLETIONDIR)/admit

# Everything install put, and the folders that are admit's own.
uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/admit $(DESTDIR)$(MAN1DIR)/admit.1 \
	  $(DESTDIR)$(COMPLETIONDIR)/admit
	rm -rf $(DESTDIR)$(DATADIR) $(DESTDIR)$(PLUGINDIR)
	rmdir $(DESTDIR)$(PREFIX)/lib/admit 2>/dev/null || true

clean:
	rm -rf build build-san build-ubsan build-fuzz build-tsan admit

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
