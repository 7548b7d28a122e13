# tarn: `make run` installs what is needed, builds and starts tarn; `make test` installs, builds
# (with AddressSanitizer + UBSan) and runs every test suite, ending with "N passed, N failed".

RELEASE_DIR := build/release
TEST_DIR    := build/asan
DATA        ?= ./tarn-data
PORT        ?= 4566
JOBS        ?= $(shell nproc)

.PHONY: all deps build build-test run test bench format format-check clean

all: build

deps:
	@bash scripts/install-deps.sh

$(RELEASE_DIR)/build.ninja:
	cmake -S . -B $(RELEASE_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo

$(TEST_DIR)/build.ninja:
	cmake -S . -B $(TEST_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" \
	  -DTARN_SANITIZE=ON

build: deps $(RELEASE_DIR)/build.ninja
	ninja -C $(RELEASE_DIR) -j $(JOBS) tarn

build-test: deps $(TEST_DIR)/build.ninja
	ninja -C $(TEST_DIR) -j $(JOBS)

run: build
	$(RELEASE_DIR)/tarn up --data $(DATA) --port $(PORT)

test: build-test
	bash scripts/run-tests.sh $(TEST_DIR)

bench: deps $(RELEASE_DIR)/build.ninja
	ninja -C $(RELEASE_DIR) -j $(JOBS)
	bash scripts/run-bench.sh $(RELEASE_DIR)

format:
	clang-format -i $$(git ls-files 'src/*.cpp' 'src/*.h' 'tests/*.cpp' 'tests/*.h' 'bench/*.cpp')

format-check:
	@bash tools/check_format.sh

clean:
	rm -rf build
