# SPDX-License-Identifier: Apache-2.0
# syscage: libsyscage.so (the LD_PRELOAD shim) and syscage (the loader).
# Dependencies are Debian's: libseccomp-dev, libinih-dev, libjson-c-dev.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
DATADIR ?= $(PREFIX)/share
MANDIR ?= $(DATADIR)/man
DESTDIR ?=

VERSION := 0.1.0
CC ?= cc
PKG_CONFIG ?= pkg-config
B := build

DEPS := libseccomp inih json-c
DEP_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(DEPS))
# The shim carries its libraries inside: their .a archives, found through
# pkg-config's library directories.
DEP_LIBDIRS := $(patsubst -L%,%,$(filter -L%,$(shell $(PKG_CONFIG) --libs-only-L $(DEPS)))) \
	$(shell $(CC) -print-multiarch >/dev/null 2>&1 && echo /usr/lib/$$($(CC) -print-multiarch)) \
	/usr/lib /usr/local/lib
find_a = $(firstword $(wildcard $(addsuffix /lib$(1).a,$(DEP_LIBDIRS))))
STATIC_LIBS = $(call find_a,seccomp) $(call find_a,inih) $(call find_a,json-c)

WARN := -Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes \
	-Wmissing-prototypes -Wno-unused-parameter
ifeq ($(WERROR),1)
WARN += -Werror
endif
OPT ?= -O2 -g
ifeq ($(SANITIZE),1)
SAN := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
endif
# The built-in default's digest, for the cache's key: hashing its 13 KB on
# every start was a fifth of the shim's instructions (callgrind). Whatever
# compiles conf/runtime/cache.c depends on the file, so digest and text agree.
DEFAULT_SUM := $(shell sha256sum conf/profiles/default.json | cut -c1-32)
# Every object is position-independent and hidden, so the same conf/ code
# links into the shim without exporting a symbol.
# conf/ in layers, each a folder; a header is found by its name alone.
CONF_LAYERS := model bpf runtime parse compile write tools
CONF_INC := $(addprefix -Iconf/,$(CONF_LAYERS))
BASE_CFLAGS := -std=gnu11 $(OPT) $(WARN) -fPIC -fvisibility=hidden $(CONF_INC) \
	-ffunction-sections -fdata-sections \
	-D_GNU_SOURCE -DSC_VERSION=\"$(VERSION)\" -DSC_DATADIR=\"$(DATADIR)\" \
	-DSC_DEFAULT_SUM=\"$(DEFAULT_SUM)\" -MMD -MP $(DEP_CFLAGS) $(CFLAGS)
# The shim runs inside other programs: it is never built with sanitizers
# (their runtime must be the first library a process loads).
ALL_CFLAGS := $(BASE_CFLAGS) $(SAN)
# Where the installed loader finds the installed shim, relative to itself,
# so that a DESTDIR tree works as well as the final one.
SHIM_REL := $(shell realpath -m --relative-to=$(BINDIR) $(LIBDIR))/syscage

# Objects depend on the flags they were built with: with conf/ compiled
# once, switching SANITIZE in one build directory must rebuild it, never
# link instrumented objects into the shim.
FLAGS_STAMP := $(B)/flags
$(shell mkdir -p $(B) && { echo '$(ALL_CFLAGS)' | cmp -s - $(FLAGS_STAMP) || \
	echo '$(ALL_CFLAGS)' > $(FLAGS_STAMP); })

CONF_SRC := $(foreach l,$(CONF_LAYERS),$(wildcard conf/$(l)/*.c))
CONF_OBJ := $(CONF_SRC:%.c=$(B)/%.o) $(B)/conf/runtime/embedded.o
# conf/ is compiled once: the shim and the compiler half link the same
# objects as the loader. Only a sanitized build needs a second, plain copy
# (build/pic) for what runs inside other programs.
ifeq ($(SANITIZE),1)
CONF_PIC := $(CONF_SRC:%.c=$(B)/pic/%.o) $(B)/conf/runtime/embedded.o
CONF_PIC_A := $(B)/libconf-pic.a
else
CONF_PIC := $(CONF_OBJ)
CONF_PIC_A := $(B)/libconf.a
endif
LOADER_OBJ := $(patsubst %.c,$(B)/%.o,$(wildcard loader/*.c))
SHIPPED := $(wildcard conf/profiles/*.ini conf/profiles/*.json)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
HELPER_SRC := $(wildcard tests/progs/*.c)
HELPER_BIN := $(HELPER_SRC:tests/progs/%.c=$(B)/tests/%)

.PHONY: all check lint fuzz install uninstall clean golden bench
all: $(B)/syscage $(B)/libsyscage.so $(B)/libsyscage-compile.so

$(B)/%.o: %.c $(FLAGS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/loader/%.o: loader/%.c $(FLAGS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -DSC_SHIM_REL=\"$(SHIM_REL)\" \
		-DSC_SHIM_ABS=\"$(LIBDIR)/syscage\" -c -o $@ $<

$(B)/pic/shim/%.o: shim/%.c $(FLAGS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) -c -o $@ $<

$(B)/pic/%.o: %.c $(FLAGS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) -c -o $@ $<

$(B)/conf/runtime/cache.o $(B)/pic/conf/runtime/cache.o \
	$(B)/tests/cache_poison: conf/profiles/default.json
$(B)/conf/runtime/embedded.o: conf/runtime/embedded.S conf/profiles/default.json
	@mkdir -p $(@D)
	$(CC) -c -o $@ -DPROFILE=\"conf/profiles/default.json\" $<

$(B)/libconf.a: $(CONF_OBJ)
	$(AR) rcs $@ $^

# The loader runs before every sandboxed command: linked static-pie, it
# skips ld.so and four libraries (~0.4 ms a start on the bench machine).
# Sanitizers need the dynamic runtime.
ifeq ($(SANITIZE),1)
LOADER_LIBS = $(shell $(PKG_CONFIG) --libs $(DEPS))
else
LOADER_LIBS = -static-pie $(STATIC_LIBS)
endif
$(B)/syscage: $(LOADER_OBJ) $(B)/libconf.a
	$(CC) $(ALL_CFLAGS) -o $@ $(LOADER_OBJ) $(B)/libconf.a \
		$(LOADER_LIBS) $(LDFLAGS)
# The same loader linked dynamically, for the tests' valgrind rows:
# valgrind cannot follow a static glibc's malloc.
$(B)/tests/syscage-dynamic: $(LOADER_OBJ) $(B)/libconf.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $(LOADER_OBJ) $(B)/libconf.a \
		$(shell $(PKG_CONFIG) --libs $(DEPS)) $(LDFLAGS)

# Two halves. libsyscage.so, preloaded into every process, holds what a
# start with a warm cache runs and nothing else: --gc-sections drops the
# rest, and -z defs proves no libseccomp or parser is left in it. The
# compiler, with the static libraries, is libsyscage-compile.so, which the
# shim loads only on a cache miss.
SHIM_LD := -Wl,--exclude-libs,ALL -Wl,-z,relro -Wl,--as-needed \
	-Wl,--gc-sections
SHIM_OBJ := $(B)/pic/shim/shim.o $(B)/pic/shim/agent.o
# The shim links the three lower layers of conf/ and nothing else: no
# parser, no compiler, no libseccomp (-z defs proves it).
SHIM_CONF := $(filter $(foreach l,model bpf runtime,$(B)/conf/$(l)/% \
	$(B)/pic/conf/$(l)/%),$(CONF_PIC))
# The shim binds lazily: of its ~60 libc imports a warm start calls about
# half, and binding all of them before its constructor was a third of the
# user-space instructions of a preloaded /bin/true (callgrind). Every call
# it makes happens before the program runs, so full RELRO protected
# nothing the program could not write anyway.
$(B)/libsyscage.so: $(SHIM_OBJ) $(SHIM_CONF) shim/shim.map
	$(CC) -shared -o $@ $(SHIM_OBJ) $(SHIM_CONF) $(SHIM_LD) -Wl,-z,lazy \
		-Wl,-z,defs -Wl,--version-script=shim/shim.map $(LDFLAGS)

$(B)/libsyscage-compile.so: $(B)/pic/shim/compiler.o $(CONF_PIC) shim/compiler.map
	$(CC) -shared -o $@ $(B)/pic/shim/compiler.o $(CONF_PIC) \
		$(STATIC_LIBS) $(SHIM_LD) -Wl,-z,now \
		-Wl,--version-script=shim/compiler.map \
		$(LDFLAGS)

$(B)/tests/test_%: tests/unit/test_%.c $(B)/libconf.a tests/tap.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(B)/libconf.a \
		$(shell $(PKG_CONFIG) --libs $(DEPS))

# The hostile cache writer follows the real entry format: it is built
# from conf/runtime/cache.c itself (no sanitizer runtime: it runs under filters,
# so it links the shim's uninstrumented objects).
$(B)/libconf-pic.a: $(CONF_PIC)
	$(AR) rcs $@ $^
$(B)/tests/cache_poison: tests/progs/cache_poison.c conf/runtime/cache.c \
	$(CONF_PIC_A)
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) -o $@ $< $(CONF_PIC_A) \
		$(shell $(PKG_CONFIG) --libs $(DEPS))

# Test programs run under filters: plain C, no sanitizer runtime. static_*
# link -static; nolibc_* link nothing at all (a PT_INTERP stand-in, which
# glibc's static start-up cannot be).
$(B)/tests/%: tests/progs/%.c $(wildcard tests/progs/*.h)
	@mkdir -p $(@D)
	$(CC) -std=gnu11 -O1 -Wall -Wextra -o $@ $< $(if $(filter static_%,$*),-static) \
		$(if $(filter nolibc_%,$*),-static -nostdlib -fno-stack-protector)

check: all $(UNIT_BIN) $(HELPER_BIN) $(B)/tests/syscage-dynamic
	@B=$(B) sh tests/run

lint:
	clang-format --dry-run --Werror conf/*/*.[ch] shim/*.[ch] loader/*.[ch] \
		tests/*.h tests/unit/*.c tests/progs/*.[ch] tests/fuzz/*.c
	sh -n tests/run tests/*.sh .ci/run

FUZZ_CC ?= clang
FUZZ_TIME ?= 60
FUZZERS := $(patsubst tests/fuzz/%.c,$(B)/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))
$(B)/fuzz/%: tests/fuzz/%.c $(CONF_SRC) conf/runtime/embedded.S
	@mkdir -p $(@D)
	$(FUZZ_CC) -std=gnu11 -g -O1 -D_GNU_SOURCE -DSC_VERSION=\"$(VERSION)\" \
		$(CONF_INC) -DSC_DEFAULT_SUM=\"$(DEFAULT_SUM)\" \
		-fsanitize=fuzzer,address,undefined $(DEP_CFLAGS) -o $@ \
		$< $(CONF_SRC) conf/runtime/embedded.S \
		-DPROFILE=\"conf/profiles/default.json\" \
		$(shell $(PKG_CONFIG) --libs $(DEPS))
fuzz: $(FUZZERS)
	@for f in $(FUZZERS); do \
		n=$${f##*/}; mkdir -p $(B)/corpus/$$n; \
		echo "fuzz: $$n for $(FUZZ_TIME)s"; \
		ASAN_OPTIONS=fast_unwind_on_malloc=0 \
		LSAN_OPTIONS=suppressions=$(CURDIR)/tests/fuzz/lsan.supp \
		$$f -max_total_time=$(FUZZ_TIME) $(B)/corpus/$$n tests/data/profiles || exit 1; \
	done

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/syscage
	install -m 755 $(B)/syscage $(DESTDIR)$(BINDIR)/syscage
	install -m 644 $(B)/libsyscage.so $(DESTDIR)$(LIBDIR)/syscage/libsyscage.so
	install -m 644 $(B)/libsyscage-compile.so \
		$(DESTDIR)$(LIBDIR)/syscage/libsyscage-compile.so
	install -d $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5
	install -m 644 man/syscage.1 $(DESTDIR)$(MANDIR)/man1/syscage.1
	install -m 644 man/syscage-profile.5 $(DESTDIR)$(MANDIR)/man5/syscage-profile.5
	install -d $(DESTDIR)$(DATADIR)/syscage/profiles
	install -m 644 $(SHIPPED) $(DESTDIR)$(DATADIR)/syscage/profiles/
	install -d $(DESTDIR)$(DATADIR)/bash-completion/completions
	install -m 644 completion/syscage.bash \
		$(DESTDIR)$(DATADIR)/bash-completion/completions/syscage
	@# The licences travel with the binaries (NOTICE: what they embed).
	install -d $(DESTDIR)$(DATADIR)/doc/syscage
	install -m 644 LICENSE NOTICE LICENSES/LGPL-2.1.txt \
		$(DESTDIR)$(DATADIR)/doc/syscage/
	@# Root fills the system cache it alone may write; never a reason
	@# for the install to fail.
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ]; then \
		env -u SYSCAGE_CACHE $(BINDIR)/syscage cache update >/dev/null 2>&1 || \
		echo "syscage cache update failed: filters compile at start"; \
	fi

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/syscage $(DESTDIR)$(LIBDIR)/syscage/libsyscage.so \
		$(DESTDIR)$(LIBDIR)/syscage/libsyscage-compile.so
	rm -f $(DESTDIR)$(MANDIR)/man1/syscage.1 $(DESTDIR)$(MANDIR)/man5/syscage-profile.5
	rm -f $(addprefix $(DESTDIR)$(DATADIR)/syscage/profiles/,$(notdir $(SHIPPED)))
	-rmdir $(DESTDIR)$(DATADIR)/syscage/profiles $(DESTDIR)$(DATADIR)/syscage
	-rmdir $(DESTDIR)$(LIBDIR)/syscage
	rm -f $(DESTDIR)$(DATADIR)/bash-completion/completions/syscage
	-rmdir $(DESTDIR)$(DATADIR)/bash-completion/completions \
		$(DESTDIR)$(DATADIR)/bash-completion 2>/dev/null
	rm -f $(addprefix $(DESTDIR)$(DATADIR)/doc/syscage/,LICENSE NOTICE \
		LGPL-2.1.txt)
	-rmdir $(DESTDIR)$(DATADIR)/doc/syscage 2>/dev/null

# A benchmark, not a test: figures and ratios, never a verdict on timing.
BENCH_BIN := $(B)/bench/spawn $(B)/bench/loop $(B)/bench/rss \
	$(B)/bench/execonly $(B)/bench/mkbpf $(B)/bench/minshim.so
$(B)/bench/minshim.so: bench/minshim.c
	@mkdir -p $(@D)
	$(CC) -O2 -Wall -shared -fPIC -o $@ $<
$(B)/bench/execonly: bench/execonly.c
	@mkdir -p $(@D)
	$(CC) -O2 -static -o $@ $<
$(B)/bench/mkbpf: bench/mkbpf.c $(B)/libconf.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(B)/libconf.a \
		$(shell $(PKG_CONFIG) --libs $(DEPS))
$(B)/bench/%: bench/%.c
	@mkdir -p $(@D)
	$(CC) -O2 -Wall -o $@ $<
bench: all $(BENCH_BIN)
	@B=$(B) sh bench/run.sh

# Rewrites tests/golden/ from the current build: run by hand, review the
# diff, commit. The tests only compare.
golden: all
	@for p in $$(find tests/data/profiles -name '*.json' | sort); do \
		n=$$(echo "$${p#tests/data/profiles/}" | tr / _); \
		for caps in none all; do \
			sh tests/tools/golden-export $(B)/syscage $$p $$caps \
				> tests/golden/$${n%.json}.$$caps.pfc; \
		done; \
	done

clean:
	rm -rf $(B)

-include $(shell find $(B) -name '*.d' 2>/dev/null)
