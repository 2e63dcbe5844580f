# Every target picks a JDK >= 21 through bin/with-jdk and fetches what it needs from Maven Central;
# moto_server and cfn-lint come from PATH, else from .local/venv (bin/ensure-python-tools installs them).
MVN := bin/with-jdk mvn -B --no-transfer-progress
export PATH := $(CURDIR)/.local/venv/bin:$(PATH)

.PHONY: test demo build clean python-tools bench

## Unit tests, moto_server-backed integration tests, event-ruler pattern tests, cfn-lint and the demo
## (KftDemoIT runs `bin/kft demo` as a user does, alongside the other integration tests).
test: python-tools
	$(MVN) -Pit verify

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

## The measuring instrument (bench module, README "Measurements"): cold start vs a Python/boto3
## baseline, AWS calls per push, warm overhead, a burst of BURST pushes each delivered twice, artifact
## sizes; one table, JSON in target/bench/. Not part of `make test`.
ROUNDS ?= 5
WARM ?= 2000
BURST ?= 1000
CONCURRENCY ?= 8
bench:
	$(MVN) -q -DskipTests -pl bench -am package dependency:build-classpath \
	  -Dmdep.outputFile="$(CURDIR)/target/bench.classpath"
	bin/with-jdk bash -c 'java -cp "$$(ls bench/target/kft-bench-*.jar):$$(cat target/bench.classpath)" \
	  -Dbench.rounds=$(ROUNDS) -Dbench.warm=$(WARM) -Dbench.burst=$(BURST) -Dbench.concurrency=$(CONCURRENCY) \
	  $(BENCH_OPTS) dev.kft.bench.Bench'
