# Thin front door: every target calls a script, cmake or ctest.
BUILD ?= build
JOBS ?= 2
# CI builds with warnings as errors.
ifdef CI
CMAKE_ARGS += -DCC_WERROR=ON
endif

.PHONY: all bootstrap build ui run test test-unit style clean install bench

all: build

bootstrap:
	scripts/bootstrap

build: bootstrap
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_ARGS)
	cmake --build $(BUILD) -j$(JOBS)
	cd static && npm run build --silent

run: build
	CC_BUILD=$(abspath $(BUILD)) scripts/run

test: build
	scripts/check-style
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS) $(CTEST_ARGS)

test-unit: build
	cd $(BUILD) && ctest --output-on-failure -L unit

style:
	scripts/check-style

# Every benchmark beside its baseline, on a stack of its own.
bench: build
	CC_BUILD=$(BUILD) scripts/bench

# Production layout under PREFIX (docs/INSTALL.md); DESTDIR stages it.
PREFIX ?= /usr/local
install:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	    -DCMAKE_INSTALL_PREFIX=$(PREFIX) $(CMAKE_ARGS)
	cmake --build $(BUILD) -j$(JOBS)
	DESTDIR="$(DESTDIR)" cmake --install $(BUILD)

clean:
	rm -rf $(BUILD) static/dist
