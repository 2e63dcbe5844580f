# Every target picks a JDK >= 21 through bin/with-jdk and fetches what it needs from Maven Central;
# moto_server and cfn-lint come from PATH, else from .local/venv (bin/ensure-python-tools installs them).
MVN := bin/with-jdk mvn -B --no-transfer-progress
export PATH := $(CURDIR)/.local/venv/bin:$(PATH)

.PHONY: test demo build clean python-tools

## Unit tests, moto_server-backed integration tests, event-ruler pattern tests and cfn-lint, then the demo.
test: python-tools
	$(MVN) -Pit verify
	bin/kft demo

## The main job: the whole flow on a fresh local moto_server, as a timeline (see README, "bin/kft").
demo: python-tools
	bin/kft demo

## Compile and unit tests of every module.
build:
	$(MVN) install

clean:
	$(MVN) clean

python-tools:
	bin/ensure-python-tools

## What `sam build` runs for each function (template.yaml: BuildMethod makefile), in a copy of this
## directory with ARTIFACTS_DIR set: the function's jar and its runtime dependencies in lib/.
build-PushFunction:
	bin/package-function functions/push "$(ARTIFACTS_DIR)"

build-TaskStateFunction:
	bin/package-function functions/task-state "$(ARTIFACTS_DIR)"

build-ScanGateFunction:
	bin/package-function functions/scan-gate "$(ARTIFACTS_DIR)"
