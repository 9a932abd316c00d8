# x86pc - build, test and benchmark.
#   make              build x86pc and x86pc-sst (-O2 -Wall -Wextra)
#   make test         run every test; ends with "N passed, N failed"
#   make SANITIZE=1   build with AddressSanitizer + UndefinedBehaviorSanitizer
#   make bench        guest MIPS and boot times (never fails on timing)

CC      ?= cc
PKGS    := capstone sdl2 zlib libcjson cmocka
CFLAGS  ?= -O2 -g
CFLAGS  += -std=gnu11 -Wall -Wextra -MMD -MP $(shell pkg-config --cflags $(PKGS))
LDLIBS  += $(shell pkg-config --libs $(PKGS)) -lm
ifeq ($(SANITIZE),1)
CFLAGS  += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
BUILD   := build/san
else
BUILD   := build/opt
endif

CORE_SRCS := $(wildcard cpu/*.c mmu/*.c devices/*.c)
FRONT_SRCS := $(wildcard frontend/*.c)
SST_SRCS  := $(wildcard tests/sst/*.c)

CORE_OBJS  := $(CORE_SRCS:%.c=$(BUILD)/%.o)
FRONT_OBJS := $(FRONT_SRCS:%.c=$(BUILD)/%.o)
SST_OBJS   := $(SST_SRCS:%.c=$(BUILD)/%.o)

ifeq ($(SANITIZE),1)
BINS := x86pc-san x86pc-sst-san
X86PC := x86pc-san
X86PC_SST := x86pc-sst-san
else
BINS := x86pc x86pc-sst
X86PC := x86pc
X86PC_SST := x86pc-sst
endif

UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/unit/%)

all: $(BINS) roms units

# Unit tests (cmocka): tests/unit/test_NAME.c -> $(BUILD)/tests/unit/test_NAME,
# linked with the core (cpu/, mmu/, devices/).
units: $(UNIT_BINS)
$(BUILD)/tests/unit/%: $(BUILD)/tests/unit/%.o $(CORE_OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(shell pkg-config --libs cmocka)

$(X86PC): $(CORE_OBJS) $(FRONT_OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(X86PC_SST): $(CORE_OBJS) $(SST_OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

# Test ROMs: tests/roms/NAME.asm -> build/roms/NAME.bin (nasm -f bin).
ROM_SRCS := $(wildcard tests/roms/*.asm)
ROM_BINS := $(ROM_SRCS:tests/roms/%.asm=build/roms/%.bin)
roms: $(ROM_BINS)
build/roms/%.bin: tests/roms/%.asm $(wildcard tests/roms/*.inc)
	@mkdir -p $(dir $@)
	nasm -f bin -I tests/roms/ -o $@ $<

test: all
	X86PC=./$(X86PC) X86PC_SST=./$(X86PC_SST) UNIT_DIR=$(BUILD)/tests/unit tests/run_tests.sh

bench: all
	X86PC=./$(X86PC) tests/bench.sh

clean:
	rm -rf build x86pc x86pc-sst x86pc-san x86pc-sst-san

.PHONY: all roms units test bench clean
-include $(CORE_OBJS:.o=.d) $(FRONT_OBJS:.o=.d) $(SST_OBJS:.o=.d) $(UNIT_BINS:=.d)
.SECONDARY:

# make run: the README's first command. From a fresh Debian machine to a
# Linux shell (tests/linux/run.sh): installs the packages (apt-get, sudo when
# not root), builds x86pc, fetches Debian's i386 686 kernel and busybox-static
# into cache/linux/, builds the initramfs and boots it, the shell on this
# terminal's serial console (or in the SDL window when a display exists).
# RUN_ARGS adds x86pc flags. No prerequisites: the script installs the tools.
run:
	tests/linux/run.sh

# make run-rom: run a test ROM headlessly (RUN_ROM=NAME picks
# tests/roms/NAME.asm) with the debug console on stdio; succeeds when the ROM
# reports success (exit status 1).
RUN_ROM ?= pm_switch
run-rom: $(X86PC) build/roms/$(RUN_ROM).bin
	@./$(X86PC) -bios build/roms/$(RUN_ROM).bin -display none -debugcon stdio --timeout 60; \
	st=$$?; echo "x86pc exited with status $$st (1 = the ROM reported success)"; [ $$st -eq 1 ]
.PHONY: run run-rom

# The built-in BIOS (issue 4): bios/*.asm assembled with nasm into a 64 KiB
# ROM image, embedded into x86pc by bios/bios_image.S (.incbin); x86pc uses
# it when no -bios is given. (bios/video/ is the video BIOS, built apart.)
BIOS_SRCS := $(wildcard bios/*.asm bios/*.inc)
BIOS_BIN  := build/bios/bios.bin
BIOS_OBJ  := $(BUILD)/bios/bios_image.o
$(BIOS_BIN): $(BIOS_SRCS)
	@mkdir -p $(dir $@)
	nasm -f bin -I bios/ -o $@ bios/bios.asm
$(BIOS_OBJ): bios/bios_image.S $(BIOS_BIN)
	@mkdir -p $(dir $@)
	$(CC) -c -DBIOS_BIN='"$(BIOS_BIN)"' -o $@ bios/bios_image.S
$(X86PC): $(BIOS_OBJ)
bios: $(BIOS_BIN)
.PHONY: bios

# The built-in VGA BIOS (issue 4, bios/video/): nasm assembles
# bios/video/vgabios.asm, romfix.py sets the option-ROM length and checksum,
# bios/video/vgabios_image.S embeds it (.incbin); x86pc installs it as the
# VGA BIOS when no -vga-bios is given. Video test programs:
# tests/bios/video_NAME.asm -> build/tests/bios/video_NAME.bin.
VGABIOS_SRCS := $(wildcard bios/video/*.asm bios/video/*.inc)
VGABIOS_BIN  := build/bios/video/vgabios.bin
VGABIOS_OBJ  := $(BUILD)/bios/video/vgabios_image.o
$(VGABIOS_BIN): $(VGABIOS_SRCS) bios/video/romfix.py
	@mkdir -p $(dir $@)
	nasm -f bin -I bios/video/ -o $@.raw bios/video/vgabios.asm
	python3 bios/video/romfix.py $@.raw $@
$(VGABIOS_OBJ): bios/video/vgabios_image.S $(VGABIOS_BIN)
	@mkdir -p $(dir $@)
	$(CC) -c -DVGABIOS_BIN='"$(VGABIOS_BIN)"' -o $@ bios/video/vgabios_image.S
$(X86PC): $(VGABIOS_OBJ)
VIDEO_TEST_SRCS := $(wildcard tests/bios/video_*.asm)
VIDEO_TEST_BINS := $(VIDEO_TEST_SRCS:tests/bios/%.asm=build/tests/bios/%.bin)
build/tests/bios/%.bin: tests/bios/%.asm $(wildcard tests/bios/*.inc)
	@mkdir -p $(dir $@)
	nasm -f bin -I tests/bios/ -o $@ $<
vgabios: $(VGABIOS_BIN) $(VIDEO_TEST_BINS)
all: vgabios
# make test-video: the VGA BIOS tests alone (tests/bios/video_test.sh).
test-video: $(X86PC) vgabios
	X86PC=./$(X86PC) tests/bios/video_test.sh
.PHONY: vgabios test-video

# The -kernel option ROM (devices/linuxboot_rom.asm, nasm), embedded by
# devices/linuxboot_rom_image.S (.incbin) into every program linked with
# devices/ (devices/linux_boot.c uses it).
LINUXBOOT_BIN := build/devices/linuxboot_rom.bin
LINUXBOOT_OBJ := $(BUILD)/devices/linuxboot_rom_image.o
$(LINUXBOOT_BIN): devices/linuxboot_rom.asm
	@mkdir -p $(dir $@)
	nasm -f bin -o $@ $<
$(LINUXBOOT_OBJ): devices/linuxboot_rom_image.S $(LINUXBOOT_BIN)
	@mkdir -p $(dir $@)
	$(CC) -c -DLINUXBOOT_BIN='"$(LINUXBOOT_BIN)"' -o $@ devices/linuxboot_rom_image.S
$(X86PC) $(X86PC_SST) $(UNIT_BINS): $(LINUXBOOT_OBJ)

# make bench, built-in BIOS part: time from power-on to the boot sector, the
# built-in BIOS vs SeaBIOS (tests/bios/bench_boot.sh; reports, never fails
# on timing).
bios-bench: $(X86PC)
	X86PC=./$(X86PC) tests/bios/bench_boot.sh
bench: bios-bench
.PHONY: bios-bench
