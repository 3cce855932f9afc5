# Backstop — the two commands of the README are `make run` and `make test`.
# `make help` lists every target.

GO       ?= go

# The version has one source, FyneApp.toml ([Details] Version, and Build for the fourth
# number of the Windows version resource). A build of a commit tagged vX.Y.Z says X.Y.Z
# instead, so a release tag wins; `make VERSION=…` overrides both.
TOML_VERSION := $(shell sed -n 's/^[[:space:]]*Version[[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p' FyneApp.toml)
TOML_BUILD   := $(shell sed -n 's/^[[:space:]]*Build[[:space:]]*=[[:space:]]*\([0-9][0-9]*\).*/\1/p' FyneApp.toml)
GIT_TAG      := $(shell git describe --tags --exact-match 2>/dev/null)
VERSION  ?= $(if $(GIT_TAG),$(patsubst v%,%,$(GIT_TAG)),$(TOML_VERSION))
LDFLAGS  := -X main.version=$(VERSION)
BIN      := dist/backstop
GOARCH_HOST := $(shell $(GO) env GOARCH)

# Packages measured on a clean Debian bookworm (see ../shared/design.md §6).
BUILD_PACKAGES := gcc libc6-dev pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev \
	libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev libwayland-dev libxkbcommon-dev
TEST_PACKAGES  := $(BUILD_PACKAGES) xvfb xauth x11-apps x11-utils xdotool fcitx5 fcitx5-chinese-addons dbus-daemon imagemagick poppler-utils qpdf \
	cups cups-client printer-driver-cups-pdf fonts-lxgw-wenkai fonts-hanazono python3-openpyxl \
	python3-docx libreoffice-writer-nogui libreoffice-calc-nogui postgresql
# The Windows cross-build: mingw's C compiler for cgo, windres for the resources, and
# ImageMagick to turn assets/icon.png into the .ico.
WINDOWS_PACKAGES := gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64 imagemagick
# Running the Windows build under Wine on Xvfb (wine64 only: no i386 architecture needed).
WINE_PACKAGES    := $(WINDOWS_PACKAGES) wine wine64 locales xvfb xauth x11-utils poppler-utils
PACKAGE_PACKAGES := xz-utils desktop-file-utils
# A real printer for the print tests: a private cupsd with the Generic PDF driver.
PRINT_PACKAGES   := cups cups-client printer-driver-cups-pdf poppler-utils
PACKAGE_WINDOWS_PACKAGES := zip unzip

WIN_ENV  := GOOS=windows GOARCH=amd64 CGO_ENABLED=1 CC=x86_64-w64-mingw32-gcc
EXE      := dist/backstop.exe
CLI_EXE  := dist/backstop-cli.exe
SYSO     := app/rsrc_windows_amd64.syso
WIN_TMP  := dist/windows
VER_NUMS := $(subst ., ,$(firstword $(subst -, ,$(subst +, ,$(VERSION)))))
LINUX_PKG := backstop-$(VERSION)-linux-$(GOARCH_HOST)
WINDOWS_PKG := backstop-$(VERSION)-windows-amd64

.PHONY: help run build test lint unit integration e2e print-test fuzz windows windows-test windows-print-test \
	package package-windows bench deps-build deps-test deps-windows deps-wine deps-print deps-package \
	deps-package-windows clean

## help: list the targets with what they do.
help:
	@sed -n 's/^## //p' $(MAKEFILE_LIST)

## run: install what is missing, build, and open the app on the default data directory.
run: build
	./$(BIN)

## build: the desktop app and command line in one binary, dist/backstop.
build: deps-build
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./app

## test: everything CI runs: formatting, vet, staticcheck, race-enabled unit tests,
## then the integration tests against the built binary (CLI, locking, real window),
## printing on a real (private) CUPS printer, then the Windows build under Wine
## (window, CLI import and PDF export, printing through Wine's spooler).
test: deps-test lint unit integration e2e print-test windows-test windows-print-test

## print-test: print the example minutes through the app on a real printer: a private
## cupsd with a Generic PDF file: queue and a failing one (scripts/cups-test-printer),
## stopped and removed afterwards, also when the test fails or is interrupted.
print-test: build deps-print
	@dir=$$(mktemp -d "$${TMPDIR:-/tmp}/backstop-cups.XXXXXX") || exit 1; \
	trap './scripts/cups-test-printer stop "$$dir"; rm -rf "$$dir"' EXIT; \
	trap 'exit 1' INT TERM; \
	env=$$(./scripts/cups-test-printer start "$$dir") || exit 1; \
	eval "$$env"; \
	BACKSTOP_BIN=$(CURDIR)/$(BIN) $(GO) test -count=1 -v -run '^TestPrintThroughRealCUPS$$' ./ui

## e2e: the meeting flow driven end to end in the real window at 1024×768 (also in 投屏模式) and 1366×768
## with real X input (xdotool) and a real Chinese input method (fcitx5 pinyin, private
## to the test), printing on the private CUPS printer; screenshots of each step go to
## dist/test-artifacts/e2e-*/.
e2e: build deps-test deps-print
	@dir=$$(mktemp -d "$${TMPDIR:-/tmp}/backstop-e2e.XXXXXX") || exit 1; \
	trap './scripts/cups-test-printer stop "$$dir"; rm -rf "$$dir"' EXIT; \
	trap 'exit 1' INT TERM; \
	env=$$(./scripts/cups-test-printer start "$$dir") || exit 1; \
	eval "$$env"; \
	BACKSTOP_BIN=$(CURDIR)/$(BIN) $(GO) test -count=1 -v -tags e2e -run '^TestEndToEnd$$' -timeout 15m ./app

## windows-print-test: the Windows printing code under Wine, against the same private
## CUPS queue (Wine's spooler lists it): EnumPrintersW, printto and the viewer fallback.
windows-print-test: deps-wine deps-print
	./scripts/cups-wine-print-test

## lint: gofmt, go vet and staticcheck (also of the Wine test, behind its build tag).
lint:
	@unformatted="$$(gofmt -l $$(git ls-files '*.go') 2>/dev/null)"; \
	if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) tool staticcheck ./...
	$(GO) vet -tags integration,wine,e2e ./app
	$(GO) tool staticcheck -tags integration,wine,e2e ./app

## unit: go test -race ./... (a test whose reader or converter is missing fails here
## instead of skipping: deps-test installed them).
unit:
	BACKSTOP_REQUIRE_TOOLS=1 $(GO) test -race ./...

## integration: the built Linux binary as users and scripts run it.
integration: build
	BACKSTOP_BIN=$(CURDIR)/$(BIN) $(GO) test -count=1 -tags integration ./app/...

## windows: cross-build dist/backstop.exe (the window, no console) and its console twin
## dist/backstop-cli.exe (the same program for the command line), with icon, version
## and manifest (build/windows/backstop.rc).
windows: deps-windows
	@mkdir -p $(WIN_TMP)
	convert assets/icon.png -define icon:auto-resize=256,64,48,32,24,16 $(WIN_TMP)/backstop.ico
	x86_64-w64-mingw32-windres -c 65001 -I build/windows -I $(WIN_TMP) \
		-DVER_MAJOR=$(or $(word 1,$(VER_NUMS)),0) -DVER_MINOR=$(or $(word 2,$(VER_NUMS)),0) \
		-DVER_PATCH=$(or $(word 3,$(VER_NUMS)),0) -DVER_BUILD=$(or $(TOML_BUILD),0) \
		-DVER_STRING=$(VERSION) -O coff -i build/windows/backstop.rc -o $(SYSO)
	$(WIN_ENV) $(GO) build -ldflags "-s -w -H=windowsgui $(LDFLAGS)" -o $(EXE) ./app
	$(WIN_ENV) $(GO) build -ldflags "-s -w $(LDFLAGS)" -o $(CLI_EXE) ./app

## windows-test: run both .exe under Wine on Xvfb in a fresh prefix: the window opens
## and shows Chinese text (dist/test-artifacts/wine-window.png), and the CLI's PDF of the
## example meeting has the same text as the Linux build's.
windows-test: deps-wine windows build
	BACKSTOP_BIN=$(CURDIR)/$(BIN) BACKSTOP_EXE=$(CURDIR)/$(EXE) BACKSTOP_CLI_EXE=$(CURDIR)/$(CLI_EXE) \
		$(GO) test -count=1 -timeout 15m -tags wine -run '^TestWine' -v ./app

## package: the Linux archive dist/backstop-VERSION-linux-ARCH.tar.xz (binary, .desktop
## file, icon, install script, README and the fonts' licences), checked after writing.
package: deps-package build
	rm -rf dist/pkg && mkdir -p dist/pkg/$(LINUX_PKG)/fonts
	cp $(BIN) packaging/install.sh dist/pkg/$(LINUX_PKG)/
	cp packaging/cn.gov.backstop.desktop dist/pkg/$(LINUX_PKG)/
	cp assets/icon.png dist/pkg/$(LINUX_PKG)/cn.gov.backstop.png
	cp README.md docs/install.md dist/pkg/$(LINUX_PKG)/
	cp assets/fonts/README.md assets/fonts/*.txt dist/pkg/$(LINUX_PKG)/fonts/
	tar -C dist/pkg --owner=0 --group=0 -cJf dist/$(LINUX_PKG).tar.xz $(LINUX_PKG)
	rm -rf dist/pkg
	./scripts/check-package dist/$(LINUX_PKG).tar.xz

## package-windows: the Windows archive dist/backstop-VERSION-windows-amd64.zip (both .exe,
## README, install guide and the fonts' licences), checked after writing.
package-windows: deps-package-windows windows
	rm -rf dist/pkg && mkdir -p dist/pkg/$(WINDOWS_PKG)/fonts
	cp $(EXE) $(CLI_EXE) README.md docs/install.md dist/pkg/$(WINDOWS_PKG)/
	cp assets/fonts/README.md assets/fonts/*.txt dist/pkg/$(WINDOWS_PKG)/fonts/
	rm -f dist/$(WINDOWS_PKG).zip
	cd dist/pkg && zip -q -r -X ../$(WINDOWS_PKG).zip $(WINDOWS_PKG)
	rm -rf dist/pkg
	./scripts/check-package dist/$(WINDOWS_PKG).zip

# Fuzz targets as package:Target, run one after the other by `make fuzz`.
FUZZ_TARGETS := ./app/cli:FuzzImport ./meeting/store:FuzzTransferIn ./export/transfer:FuzzRead \
	./export:FuzzBreak ./export:FuzzLayout
FUZZTIME     ?= 1m
# Workers per target; Go's default is one per CPU. On a shared machine: FUZZPARALLEL=1.
FUZZPARALLEL ?=

## fuzz: run each fuzz target for FUZZTIME (default 1m, e.g. make fuzz FUZZTIME=10m),
## print its executions, and keep the corpus it found in the package's testdata/fuzz.
## Not part of make test. A crash stops the run; its input is in testdata/fuzz.
fuzz:
	@mkdir -p dist; cache=$$($(GO) env GOCACHE)/fuzz; summary=dist/fuzz-summary.txt; : > $$summary; \
	for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t##*:}; log=dist/fuzz-$$name.log; \
		{ $(GO) test -run '^$$' -fuzz "^$$name$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 5s \
			$(if $(FUZZPARALLEL),-parallel $(FUZZPARALLEL)) $$pkg; echo $$? > $$log.status; } 2>&1 | tee $$log; \
		status=$$(cat $$log.status); rm -f $$log.status; \
		mkdir -p $$pkg/testdata/fuzz/$$name; \
		cp -n $$cache/$$($(GO) list $$pkg)/$$name/* $$pkg/testdata/fuzz/$$name/ 2>/dev/null; \
		echo "$$name: $$(grep -o 'execs: [0-9]*' $$log | tail -1)" | tee -a $$summary; \
		[ "$$status" -eq 0 ] || exit "$$status"; \
	done; \
	awk '{ n += $$NF } END { print "total executions:", n }' $$summary

## bench: speed and memory figures (reported in README.md).
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

deps-build:
	@./scripts/need-packages $(BUILD_PACKAGES)

deps-test:
	@./scripts/need-packages $(TEST_PACKAGES)

deps-windows:
	@./scripts/need-packages $(WINDOWS_PACKAGES)

deps-wine:
	@./scripts/need-packages $(WINE_PACKAGES)

deps-print:
	@./scripts/need-packages $(PRINT_PACKAGES)

deps-package:
	@./scripts/need-packages $(PACKAGE_PACKAGES)

deps-package-windows:
	@./scripts/need-packages $(PACKAGE_WINDOWS_PACKAGES)

## clean: remove dist/ and the generated Windows resource object.
clean:
	rm -rf dist $(SYSO)
