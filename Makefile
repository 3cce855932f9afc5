# Backstop — the two commands of the README are `make run` and `make test`.

GO       ?= go
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -X main.version=$(VERSION)
BIN      := dist/backstop

# Packages measured on a clean Debian bookworm (see ../shared/design.md §6).
BUILD_PACKAGES := gcc libc6-dev pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev \
	libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev libwayland-dev libxkbcommon-dev
TEST_PACKAGES  := $(BUILD_PACKAGES) xvfb xauth x11-apps x11-utils imagemagick poppler-utils qpdf

.PHONY: run build test lint unit integration bench deps-build deps-test clean

## run: install what is missing, build, and open the app on the default data directory.
run: build
	./$(BIN)

## build: the desktop app and command line in one binary, dist/backstop.
build: deps-build
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./app

## test: everything CI runs: formatting, vet, staticcheck, race-enabled unit tests,
## then the integration tests against the built binary (CLI, locking, real window).
test: deps-test lint unit integration

lint:
	@unformatted="$$(gofmt -l $$(git ls-files '*.go') 2>/dev/null)"; \
	if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) tool staticcheck ./...

unit:
	$(GO) test -race ./...

integration: build
	BACKSTOP_BIN=$(CURDIR)/$(BIN) $(GO) test -count=1 -tags integration ./app/...

## bench: speed and memory figures (reported in README.md).
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

deps-build:
	@./scripts/need-packages $(BUILD_PACKAGES)

deps-test:
	@./scripts/need-packages $(TEST_PACKAGES)

clean:
	rm -rf dist
