# Every target picks a JDK >= 21 through bin/with-jdk and fetches what it needs from Maven Central.
MVN := bin/with-jdk mvn -B --no-transfer-progress

.PHONY: test demo build clean

## Unit tests, moto_server-backed integration tests, event-ruler pattern tests and cfn-lint.
test:
	$(MVN) -Pit verify

## The local demo (see README: what it shows today).
demo:
	@echo "The end-to-end demo (bin/kft) is not built yet. What runs now: PushFunction against a local moto_server,"
	@echo "replaying events/ (push, duplicate, deletion, hostile branch name, over-long overrides)."
	$(MVN) -Pit verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=PushHandlerIT

## What `sam build` runs: compile and unit tests, then the runtime dependencies.
build:
	$(MVN) clean install

clean:
	$(MVN) clean
