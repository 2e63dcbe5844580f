# Every target picks a JDK >= 21 through bin/with-jdk and fetches what it needs from Maven Central.
MVN := bin/with-jdk mvn -B --no-transfer-progress

.PHONY: test demo build clean

## Unit tests, moto_server-backed integration tests, event-ruler pattern tests and cfn-lint, then the demo.
test:
	$(MVN) -Pit verify
	bin/kft demo

## The main job: the whole flow on a fresh local moto_server, as a timeline (see README, "bin/kft").
demo:
	bin/kft demo

## What `sam build` runs: compile and unit tests, then the runtime dependencies.
build:
	$(MVN) clean install

clean:
	$(MVN) clean
