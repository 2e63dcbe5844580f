package dev.kft.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries the README's "Architecture" section draws, checked on the compiled main
 * code of every module: the domain is pure, handlers see ports, slices keep to themselves, and
 * nothing that ships reaches into local tooling or test support.
 */
class ArchitectureTest {
    /** Main code only: no test classes, and not the domain's test-jar (sample events and fakes). */
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("dev.kft");

    private static final String[] DOMAIN = {"dev.kft.core..", "dev.kft.launch..", "dev.kft.push..", "dev.kft.result..", "dev.kft.gate.."};

    @Test
    void theDomainImportsNoSdkNoLambdaRuntimeAndNoAdapter() {
        noClasses().that().resideInAnyPackage(DOMAIN)
                .should().dependOnClassesThat().resideInAnyPackage("software.amazon..", "com.amazonaws..", "org.crac..",
                        "dev.kft.aws..", "dev.kft.lambda..", "dev.kft.functions..", "dev.kft.local..", "dev.kft.testing..")
                .because("the rules are plain Java, tested in milliseconds without AWS")
                .check(MAIN);
    }

    @Test
    void handlersDependOnUseCasesAndPortsNotOnAdapters() {
        noClasses().that().resideInAPackage("dev.kft.functions..").and().haveSimpleNameEndingWith("Handler")
                .should().dependOnClassesThat().resideInAnyPackage("dev.kft.aws..", "software.amazon.awssdk..")
                .because("a handler parses, calls one use case and writes the outcome; its *Wiring builds the adapters")
                .check(MAIN);
    }

    @Test
    void onlyAdaptersWiringAndLocalToolsUseTheSdk() {
        noClasses().that().resideInAPackage("dev.kft..")
                .and().resideOutsideOfPackages("dev.kft.aws..", "dev.kft.local..", "dev.kft.testing..")
                .and().haveSimpleNameNotEndingWith("Wiring")
                .should().dependOnClassesThat().resideInAPackage("software.amazon.awssdk..")
                .because("the SDK appears in one adapter per AWS concern and in each function's composition root")
                .check(MAIN);
    }

    @Test
    void noSliceReachesIntoAnother() {
        slices().matching("dev.kft.(push|result|gate)..").should().notDependOnEachOther()
                .because("what two slices share lives in core (value types, DeployPolicy) or launch (starting a task)")
                .check(MAIN);
    }

    @Test
    void functionsAreIndependentOfEachOther() {
        slices().matching("dev.kft.functions.(*)..").should().notDependOnEachOther()
                .because("each function's artifact holds only its own handler and wiring")
                .check(MAIN);
    }

    @Test
    void nothingThatShipsUsesLocalToolingOrTestSupport() {
        noClasses().that().resideInAnyPackage("dev.kft.core..", "dev.kft.launch..", "dev.kft.push..", "dev.kft.result..",
                        "dev.kft.gate..", "dev.kft.aws..", "dev.kft.lambda..", "dev.kft.functions..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.kft.local..", "dev.kft.testing..")
                .check(MAIN);
    }
}
