# Builds the forward-compatibility test programs with ASan+UBSan:
# build/fwdcompat/fwd_v1 and fwd_v2, from fwd.c, the asn1c output for
# FwdV1.asn / FwdV2.asn (generated into build/fwdcompat/v1, v2 by
# ../fwdcompat.sh, which runs this file) and the patched runtime of the main
# build (build/gen/skel); build/fwdcompat/bugs from bugs.c and Bugs.asn
# (build/fwdcompat/bugs.gen).

OUT	:= build/fwdcompat
SKEL	:= build/gen/skel
SAN	:= -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	   -fno-omit-frame-pointer
GENFLAGS := -O1 -g $(SAN) -w -fwrapv -fno-strict-aliasing -MMD -MP
OURFLAGS := -std=gnu11 -O1 -g $(SAN) -Wall -Wextra -Werror -MMD -MP

SKEL_OBJS := $(patsubst $(SKEL)/%.c,$(OUT)/obj/skel/%.o,$(wildcard $(SKEL)/*.c))
V1_OBJS	:= $(patsubst $(OUT)/v1/%.c,$(OUT)/obj/v1/%.o,$(wildcard $(OUT)/v1/*.c))
V2_OBJS	:= $(patsubst $(OUT)/v2/%.c,$(OUT)/obj/v2/%.o,$(wildcard $(OUT)/v2/*.c))
BUGS_OBJS := $(patsubst $(OUT)/bugs.gen/%.c,$(OUT)/obj/bugs/%.o,$(wildcard $(OUT)/bugs.gen/*.c))

all: $(OUT)/fwd_v1 $(OUT)/fwd_v2 $(OUT)/bugs

$(OUT)/obj/skel/%.o: $(SKEL)/%.c
	@mkdir -p $(@D)
	$(CC) $(GENFLAGS) -I$(SKEL) -c $< -o $@

$(OUT)/obj/v1/%.o: $(OUT)/v1/%.c
	@mkdir -p $(@D)
	$(CC) $(GENFLAGS) -I$(OUT)/v1 -I$(SKEL) -c $< -o $@

$(OUT)/obj/v2/%.o: $(OUT)/v2/%.c
	@mkdir -p $(@D)
	$(CC) $(GENFLAGS) -I$(OUT)/v2 -I$(SKEL) -c $< -o $@

$(OUT)/obj/bugs/%.o: $(OUT)/bugs.gen/%.c
	@mkdir -p $(@D)
	$(CC) $(GENFLAGS) -I$(OUT)/bugs.gen -I$(SKEL) -c $< -o $@

$(OUT)/obj/bugs.o: tests/fwdcompat/bugs.c
	@mkdir -p $(@D)
	$(CC) $(OURFLAGS) -isystem $(OUT)/bugs.gen -isystem $(SKEL) -c $< -o $@

$(OUT)/bugs: $(OUT)/obj/bugs.o $(BUGS_OBJS) $(SKEL_OBJS)
	$(CC) $(SAN) -o $@ $^ -lm

$(OUT)/obj/fwd_v1.o: tests/fwdcompat/fwd.c
	@mkdir -p $(@D)
	$(CC) $(OURFLAGS) -isystem $(OUT)/v1 -isystem $(SKEL) -c $< -o $@

$(OUT)/obj/fwd_v2.o: tests/fwdcompat/fwd.c
	@mkdir -p $(@D)
	$(CC) $(OURFLAGS) -DFWD_V2 -isystem $(OUT)/v2 -isystem $(SKEL) -c $< -o $@

$(OUT)/fwd_v1: $(OUT)/obj/fwd_v1.o $(V1_OBJS) $(SKEL_OBJS)
	$(CC) $(SAN) -o $@ $^ -lm

$(OUT)/fwd_v2: $(OUT)/obj/fwd_v2.o $(V2_OBJS) $(SKEL_OBJS)
	$(CC) $(SAN) -o $@ $^ -lm

-include $(wildcard $(OUT)/obj/*.d $(OUT)/obj/*/*.d)
