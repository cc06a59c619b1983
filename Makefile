# Makefile for the C-ITS roadside message processor (map: doc/ARCHITECTURE.md).
#
#   make, make all  build/lib/libv2x.a      the codecs library (codecs/, with
#                                           the asn1c code generated from asn1/)
#                   build/lib/libv2xapp.a   log and ZeroMQ support of the programs
#                   build/bin/v2x           the command-line tool (v2x/)
#                   build/bin/rsud          the roadside daemon (rsu/)
#                   build/bin/v2xsim        replay and traffic simulator (sim/)
#                   build/tests/unit_*      unit tests (tests/unit_*.c)
#                   build/tests/fuzz_replay_*  fuzz targets with a replay driver
#   make test       install missing Debian packages (as root), build all and
#                   asan, run every test (tests/run); ends "N passed, N failed,
#                   N skipped" (tests/README.md)
#   make demo       the main job: see README.md (sim/demo.sh)
#   make asan       all of the above with ASan+UBSan, in build/asan/
#   make bench      benchmarks (tests/bench/) beside a baseline of the same run
#   make fuzz       the libFuzzer targets with clang, in build/fuzz/
#   make fuzz-run FUZZ=NAME SECONDS=N   run one over tests/fuzz/corpus/NAME
#   make install    v2x, rsud, rsud.8, the systemd unit, the example config
#                   and the schemas under PREFIX (/usr/local) and DESTDIR
#   make clean      remove build/
#
# asn1c output is generated into build/gen/ (never committed) by
# mk/asn1gen.sh, which reruns asn1c only when a module or flag changed.

BUILD	?= build
GEN	:= build/gen
CC	?= cc
OPT	?= -O2 -g
SAN	?=
CFLAGS	?=
LDFLAGS	?=

# Include directories.  The programs (v2x/, rsu/, sim/) see the library's
# public headers only; each part of the library sees its own private headers;
# only codecs/asn/ (and tests of it) sees asn1c's generated headers.
PUBINC	:= -Icodecs/include
ASNINC	:= -I/usr/include/libxml2 -isystem $(GEN)/j2735 -isystem $(GEN)/skel
PRIVINC	:= -Icodecs/asn -Icodecs/dot2 -Icodecs/sec
INCS	:= $(PUBINC) $(PRIVINC) $(ASNINC)
WARN	:= -std=gnu11 $(OPT) $(SAN) -Wall -Wextra -MMD -MP
OURFLAGS := $(WARN) $(INCS) $(CFLAGS)
PROGFLAGS := $(WARN) $(PUBINC) -Iv2x/app $(CFLAGS)
# Generated code: relaxed warnings; asn1c's skeletons rely on wrapping
# signed arithmetic.
GENFLAGS := $(OPT) $(SAN) -w -fwrapv -fno-strict-aliasing -MMD -MP $(ASNINC) $(CFLAGS)
LDLIBS	:= -ljansson -lxml2 -lpcap -lcrypto -lpthread -lm -lz

# libv2x.a, one folder per concern (doc/ARCHITECTURE.md):
#   base/  buffers, reasons, PSIDs   asn/   the asn1c wrapper, registry, JER, XER, random values
#   wire/  link, WSMP, GN/BTP, forward wrappers, peel     dot2/  IEEE 1609.2 COER, TAI
#   sec/   keys, signing, verification, trust store, test PKI
CODECS_BASE := codecs/base/buf.c codecs/base/psid.c codecs/base/reason.c
CODECS_ASN := \
	codecs/asn/choice.c \
	codecs/asn/codec.c \
	codecs/asn/jer_in.c \
	codecs/asn/jer_out.c \
	codecs/asn/member.c \
	codecs/asn/msg.c \
	codecs/asn/msg_etsi.c \
	codecs/asn/msg_j2735.c \
	codecs/asn/rvg.c \
	codecs/asn/scalar.c \
	codecs/asn/xer_in.c \
	codecs/asn/xer_leaf.c \
	codecs/asn/xer_out.c \
	codecs/asn/xer_tree.c
CODECS_WIRE := \
	codecs/wire/btp.c \
	codecs/wire/fwd.c \
	codecs/wire/gn.c \
	codecs/wire/ifm.c \
	codecs/wire/ip.c \
	codecs/wire/link.c \
	codecs/wire/ntcip.c \
	codecs/wire/peel.c \
	codecs/wire/radiotap.c \
	codecs/wire/wsmp.c \
	codecs/wire/wydot.c
CODECS_DOT2 := \
	codecs/dot2/dot2.c \
	codecs/dot2/dot2_base.c \
	codecs/dot2/dot2_cert.c \
	codecs/dot2/dot2_enc.c \
	codecs/dot2/dot2_json.c \
	codecs/dot2/dot2_rd.c \
	codecs/dot2/oer.c \
	codecs/dot2/tai.c
CODECS_SEC := \
	codecs/sec/ecc.c \
	codecs/sec/pki.c \
	codecs/sec/sec_cert.c \
	codecs/sec/sec_sign.c \
	codecs/sec/sec_store.c \
	codecs/sec/sec_trustdir.c \
	codecs/sec/sec_verify.c
CODECS_SRCS := $(CODECS_BASE) $(CODECS_ASN) $(CODECS_WIRE) $(CODECS_DOT2) $(CODECS_SEC)

# The v2x command-line tool (v2x/): a program over the library.
V2X_SRCS := \
	v2x/audit.c \
	v2x/cert.c \
	v2x/cmd.c \
	v2x/decode.c \
	v2x/encode.c \
	v2x/input.c \
	v2x/random.c \
	v2x/sign.c \
	v2x/sub.c \
	v2x/util.c \
	v2x/v2x.c \
	v2x/verify.c \
	v2x/wrap.c \
	v2x/zclient.c

# Support the three programs share (log, ZeroMQ sockets): a library of its
# own, never part of libv2x.a, which never prints or exits.
APP_SRCS := \
	v2x/app/log.c \
	v2x/app/zsock.c
APP_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(APP_SRCS))
APPLIB	:= $(BUILD)/lib/libv2xapp.a

.PHONY: all asan test demo clean deps-build deps-test check-warnings
all: $(BUILD)/lib/libv2x.a $(BUILD)/bin/v2x

# --- generated ASN.1 code ---------------------------------------------------
J2735_ASN := $(wildcard asn1/j2735/*.asn)
$(GEN)/skel/sources.mk: mk/asn1gen.sh $(wildcard asn1/skeletons.patch)
	@mk/asn1gen.sh skel $(GEN)/skel
$(GEN)/j2735/sources.mk: $(J2735_ASN) mk/asn1gen.sh
	@mk/asn1gen.sh j2735 asn1/j2735 $(GEN)/j2735
ETSI_ASN := $(wildcard asn1/etsi/*.asn)
$(GEN)/etsi/sources.mk: $(ETSI_ASN) mk/asn1gen.sh
	@mk/asn1gen.sh etsi asn1/etsi $(GEN)/etsi
-include $(GEN)/skel/sources.mk
-include $(GEN)/j2735/sources.mk
-include $(GEN)/etsi/sources.mk
GENERATED := $(GEN)/skel/sources.mk $(GEN)/j2735/sources.mk $(GEN)/etsi/sources.mk

# The ETSI family repeats hundreds of J2735 type names (SPAT, MapData,
# Latitude...) and asn1c 0.9.28 has no prefix option: its objects are linked
# into one and every global symbol renamed etsi_<name> (the descriptors keep
# the standard's names, which the printers use).
ETSI_RAW_OBJS := $(patsubst $(GEN)/%.c,$(BUILD)/obj/gen/%.o,$(GEN_ETSI_SRCS))
$(BUILD)/obj/gen/etsi.o: $(ETSI_RAW_OBJS)
	@echo "  LD+RENAME $@"
	@ld -r -o $@.tmp $(ETSI_RAW_OBJS)
	@nm -g --defined-only $@.tmp | awk '$$3 !~ /^etsi_/ { print $$3, "etsi_" $$3 }' > $@.map
	@objcopy --redefine-syms=$@.map $@.tmp $@
	@rm -f $@.tmp

GEN_OBJS := $(patsubst $(GEN)/%.c,$(BUILD)/obj/gen/%.o,$(GEN_J2735_SRCS) $(SKEL_SRCS))
ifneq ($(GEN_ETSI_SRCS),)
GEN_OBJS += $(BUILD)/obj/gen/etsi.o
endif
CODECS_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(CODECS_SRCS))
V2X_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(V2X_SRCS))

$(BUILD)/obj/gen/%.o: $(GEN)/%.c | $(GENERATED)
	@mkdir -p $(@D)
	@echo "  CC(gen) $<"
	@$(CC) $(GENFLAGS) -c $< -o $@

# Each family sees only its own headers.
$(BUILD)/obj/gen/etsi/%.o: $(GEN)/etsi/%.c | $(GENERATED)
	@mkdir -p $(@D)
	@echo "  CC(gen) $<"
	@$(CC) $(subst $(GEN)/j2735,$(GEN)/etsi,$(GENFLAGS)) -c $< -o $@

# What each source sees: codecs/asn/ the generated headers; the other parts
# of the library their own folder; the programs the public headers only.
srcflags = $(if $(filter codecs/asn/%,$1),$(WARN) $(PUBINC) -Icodecs/asn $(ASNINC),$(if \
	$(filter codecs/%,$1),$(WARN) $(PUBINC) -I$(patsubst %/,%,$(dir $1)),$(PROGFLAGS))) $(CFLAGS)
$(BUILD)/obj/%.o: %.c | $(GENERATED)
	@mkdir -p $(@D)
	$(CC) $(call srcflags,$<) -c $< -o $@

$(BUILD)/lib/libv2x.a: $(CODECS_OBJS) $(GEN_OBJS)
	@mkdir -p $(@D)
	@rm -f $@
	@echo "  AR $@"
	@ar rcs $@ $^

$(APPLIB): $(APP_OBJS)
	@mkdir -p $(@D)
	@rm -f $@
	@echo "  AR $@"
	@ar rcs $@ $^

$(BUILD)/bin/v2x: $(V2X_OBJS) $(APPLIB) $(BUILD)/lib/libv2x.a
	@mkdir -p $(@D)
	$(CC) $(OPT) $(SAN) $(LDFLAGS) -o $@ $(V2X_OBJS) $(APPLIB) $(BUILD)/lib/libv2x.a $(LDLIBS) -lzmq

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

# --- variants, tests, demo --------------------------------------------------
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer

asan:
	@$(MAKE) --no-print-directory -j$(JOBS) BUILD=build/asan OPT="-O1 -g" SAN="$(SANFLAGS)" all

deps-build:
	@mk/deps.sh build
deps-test:
	@mk/deps.sh test

JOBS	?= $(shell nproc 2>/dev/null || echo 2)

test: deps-test
	@$(MAKE) --no-print-directory -j$(JOBS) all
	@$(MAKE) --no-print-directory -j$(JOBS) asan
	@tests/run

demo: deps-build
	@$(MAKE) --no-print-directory -j$(JOBS) all
	@sim/demo.sh

clean:
	rm -rf build

# --- unit tests -------------------------------------------------------------
UNIT_SRCS := $(sort $(wildcard tests/unit_*.c))
UNIT_BINS := $(patsubst tests/%.c,$(BUILD)/tests/%,$(UNIT_SRCS))
all: $(UNIT_BINS)
$(BUILD)/tests/%: tests/%.c tests/check.h $(BUILD)/lib/libv2x.a
	@mkdir -p $(@D)
	$(CC) $(OURFLAGS) -Itests -o $@ $< $(BUILD)/lib/libv2x.a $(LDLIBS)

# --- fuzzing ----------------------------------------------------------------
# Each tests/fuzz/fuzz_NAME.c is a libFuzzer target.  Every build variant
# also links it with tests/fuzz/replay.c, so that 'make test' replays the
# corpus tests/fuzz/corpus/NAME/ under ASan+UBSan without libFuzzer.
# 'make fuzz' builds the real fuzzers with clang into build/fuzz/;
# 'make fuzz-run FUZZ=j2735 SECONDS=600' runs one.
FUZZ_SRCS := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_NAMES := $(patsubst tests/fuzz/fuzz_%.c,%,$(FUZZ_SRCS))
FUZZ_REPLAYS := $(patsubst %,$(BUILD)/tests/fuzz_replay_%,$(FUZZ_NAMES))
all: $(FUZZ_REPLAYS)
$(BUILD)/tests/fuzz_replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(BUILD)/lib/libv2x.a
	@mkdir -p $(@D)
	$(CC) $(OURFLAGS) -o $@ tests/fuzz/fuzz_$*.c tests/fuzz/replay.c $(BUILD)/lib/libv2x.a $(LDLIBS)

FUZZFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
.PHONY: fuzz fuzz-run
fuzz:
	@$(MAKE) --no-print-directory BUILD=build/fuzz CC=clang OPT="-O1 -g" \
	    SAN="-fsanitize=fuzzer-no-link $(FUZZFLAGS)" build/fuzz/lib/libv2x.a
	@for n in $(FUZZ_NAMES); do \
	    echo "  FUZZ build/fuzz/fuzz_$$n"; \
	    clang -O1 -g -fsanitize=fuzzer $(FUZZFLAGS) $(INCS) \
	        -o build/fuzz/fuzz_$$n tests/fuzz/fuzz_$$n.c \
	        build/fuzz/lib/libv2x.a $(LDLIBS) || exit 1; \
	done
SECONDS ?= 60
fuzz-run: fuzz
	@mkdir -p build/fuzz/corpus-$(FUZZ)
	build/fuzz/fuzz_$(FUZZ) -max_total_time=$(SECONDS) -max_len=4096 \
	    -timeout=10 -rss_limit_mb=2048 \
	    build/fuzz/corpus-$(FUZZ) tests/fuzz/corpus/$(FUZZ)

# --- benchmarks ---------------------------------------------------------------
# Figures and ratios against a baseline measured in the same run (never timed
# tests).  BENCH_SECONDS sets the time per figure.
BENCH_SECONDS ?= 0.5
BENCH_BINS := $(patsubst tests/bench/%.c,$(BUILD)/bench/%,$(sort $(wildcard tests/bench/bench_*.c)))
.PHONY: bench
$(BUILD)/bench/%: tests/bench/%.c tests/check.h $(BUILD)/lib/libv2x.a
	@mkdir -p $(@D)
	$(CC) $(OURFLAGS) -Itests -o $@ $< $(BUILD)/lib/libv2x.a $(LDLIBS)
bench: deps-build
	@$(MAKE) --no-print-directory all $(BENCH_BINS)
	@tests/bench/run.sh $(BENCH_SECONDS)

# --- v2xsim -----------------------------------------------------------------
# The replay simulator and highway traffic generator (sim/): codecs only,
# plus ZeroMQ for --to zmq:.
SIM_SRCS := \
	sim/emit.c \
	sim/highway.c \
	sim/inspect.c \
	sim/pcapng.c \
	sim/refresh.c \
	sim/replay.c \
	sim/road.c \
	sim/sink.c \
	sim/testpki.c \
	sim/traffic.c \
	sim/util.c \
	sim/v2xsim.c
SIM_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(SIM_SRCS))
# tests/unit_sim links the simulator's objects but its main.
SIM_LIB_OBJS := $(filter-out %/v2xsim.o,$(SIM_OBJS))
$(BUILD)/tests/unit_sim: tests/unit_sim.c tests/check.h $(SIM_LIB_OBJS) $(APPLIB) $(BUILD)/lib/libv2x.a
	@mkdir -p $(@D)
	$(CC) $(OURFLAGS) -Itests -Isim -Iv2x/app -o $@ $< $(SIM_LIB_OBJS) $(APPLIB) $(BUILD)/lib/libv2x.a $(LDLIBS) -lzmq
all: $(BUILD)/bin/v2xsim
$(BUILD)/bin/v2xsim: $(SIM_OBJS) $(APPLIB) $(BUILD)/lib/libv2x.a
	@mkdir -p $(@D)
	$(CC) $(OPT) $(SAN) $(LDFLAGS) -o $@ $(SIM_OBJS) $(APPLIB) $(BUILD)/lib/libv2x.a $(LDLIBS) -lzmq

# --- rsud, the roadside daemon ------------------------------------------------
RSUD_SRCS := \
	rsu/capture.c \
	rsu/config.c \
	rsu/control.c \
	rsu/engine.c \
	rsu/jail.c \
	rsu/rsud.c \
	rsu/secure.c \
	rsu/stats.c \
	rsu/store.c \
	rsu/tx.c \
	rsu/udp.c \
	rsu/uplink.c
RSUD_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(RSUD_SRCS))
all: $(BUILD)/bin/rsud
$(BUILD)/bin/rsud: $(RSUD_OBJS) $(APPLIB) $(BUILD)/lib/libv2x.a
	@mkdir -p $(@D)
	$(CC) $(OPT) $(SAN) $(LDFLAGS) -o $@ $(RSUD_OBJS) $(APPLIB) $(BUILD)/lib/libv2x.a $(LDLIBS) -lzmq -lmicrohttpd

PREFIX	?= /usr/local
DESTDIR	?=
.PHONY: install
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/sbin \
	    $(DESTDIR)$(PREFIX)/share/man/man8 $(DESTDIR)$(PREFIX)/share/doc/rsud \
	    $(DESTDIR)$(PREFIX)/lib/systemd/system
	install -m 755 $(BUILD)/bin/v2x $(DESTDIR)$(PREFIX)/bin/v2x
	install -m 755 $(BUILD)/bin/rsud $(DESTDIR)$(PREFIX)/sbin/rsud
	install -m 644 rsu/rsud.8 $(DESTDIR)$(PREFIX)/share/man/man8/rsud.8
	install -m 644 rsu/rsud.conf.example doc/feed.schema.json \
	    doc/command.schema.json $(DESTDIR)$(PREFIX)/share/doc/rsud/
	sed 's,@PREFIX@,$(PREFIX),g' rsu/rsud.service \
	    > $(DESTDIR)$(PREFIX)/lib/systemd/system/rsud.service
