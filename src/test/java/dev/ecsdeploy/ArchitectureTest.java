package dev.ecsdeploy;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.ecsdeploy.pipeline.Step;
import dev.ecsdeploy.util.CommandLineArguments;
import dev.ecsdeploy.util.Decision;
import dev.ecsdeploy.util.SdkJson;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkClient;

/**
 * The structure docs/architecture.md describes, as rules the build enforces (ArchUnit reads the compiled product
 * classes; tests are not part of the product and are left out). Plain JUnit tests rather than ArchUnit's own engine,
 * so {@code -Dtest=ArchitectureTest} runs them like any other test.
 */
class ArchitectureTest {
    private static final String SANDBOX = "dev.ecsdeploy.sandbox..";
    private static final JavaClasses PRODUCT = new ClassFileImporter()
            .withImportOption(new ImportOption.DoNotIncludeTests()).importPackages("dev.ecsdeploy");

    /** Stage packages and their sub-packages (deploy with deploy.codedeploy) form no cycle. */
    static final ArchRule STAGES_FORM_NO_CYCLES = slices().matching("dev.ecsdeploy.(*)..")
            .namingSlices("$1").should().beFreeOfCycles();

    /**
     * Finer, every package its own slice, the sandbox's included (its root wires the service packages together; what
     * they share, the scenario, the Slack failure switch and the handler's table of served operations, lives in
     * sandbox.core). deploy.codedeploy builds on deploy and never the other way: the entry point hands the steps the
     * choice of controller.
     */
    static final ArchRule PACKAGES_FORM_NO_CYCLES = slices().matching("dev.ecsdeploy.(**)")
            .namingSlices("$1").should().beFreeOfCycles();

    /**
     * The root package holds the entry points and wires the stages together (Main, Demo, ActionRunner, Pipelines);
     * nothing points back at it.
     */
    static final ArchRule NOTHING_DEPENDS_ON_THE_ENTRY_PACKAGE = noClasses()
            .that().resideOutsideOfPackage("dev.ecsdeploy")
            .should().dependOnClassesThat().resideInAPackage("dev.ecsdeploy");

    /**
     * The product never uses the simulated AWS; only the entry points start it: {@code Main} dispatches the
     * {@code sandbox} command and {@code Demo} runs one in process.
     */
    static final ArchRule PRODUCT_DOES_NOT_USE_THE_SANDBOX = noClasses().that().resideInAPackage("dev.ecsdeploy..")
            .and().resideOutsideOfPackage(SANDBOX)
            .and().doNotHaveFullyQualifiedName(Main.class.getName())
            .and().doNotHaveFullyQualifiedName(Demo.class.getName())
            .should().dependOnClassesThat().resideInAPackage(SANDBOX);

    /**
     * The sandbox answers from AWS's documentation, not from the product's own checks: of the product it uses only
     * {@code util.SdkJson} (the SDK model as JSON, so it parses requests exactly as the SDK writes them).
     */
    static final ArchRule SANDBOX_USES_ONLY_SDK_JSON_OF_THE_PRODUCT = noClasses().that().resideInAPackage(SANDBOX)
            .should().dependOnClassesThat(resideInAPackage("dev.ecsdeploy..")
                    .and(not(resideInAPackage(SANDBOX))).and(not(belongToAnyOf(SdkJson.class, CommandLineArguments.class))))
            .because("the sandbox must refuse what AWS refuses, independently of the product (docs/architecture.md)");

    /** A decision is a pure function of what it is given: no AWS client field, parameter or call. */
    static final ArchRule DECISIONS_HOLD_NO_SDK_CLIENT = noClasses().that().areAnnotatedWith(Decision.class)
            .should().dependOnClassesThat(assignableTo(SdkClient.class))
            .because("decision logic is table-tested without AWS (docs/architecture.md)");

    /** Steps hand results on through RunState's typed keys; a field set in plan() and read in apply() is not one. */
    static final ArchRule STEPS_KEEP_NO_RESULTS_IN_FIELDS = classes().that().implement(Step.class)
            .should().haveOnlyFinalFields()
            .because("step results go through the one typed channel, RunState (docs/architecture.md)");

    /**
     * The decisions docs/architecture.md names are marked, so the rule above covers them; a new one is marked the
     * same way.
     */
    @Test
    void stagesFormNoCycles() {
        STAGES_FORM_NO_CYCLES.check(PRODUCT);
    }

    @Test
    void packagesFormNoCycles() {
        PACKAGES_FORM_NO_CYCLES.check(PRODUCT);
    }

    @Test
    void nothingDependsOnTheEntryPackage() {
        NOTHING_DEPENDS_ON_THE_ENTRY_PACKAGE.check(PRODUCT);
    }

    @Test
    void productDoesNotUseTheSandbox() {
        PRODUCT_DOES_NOT_USE_THE_SANDBOX.check(PRODUCT);
    }

    @Test
    void sandboxUsesOnlySdkJsonOfTheProduct() {
        SANDBOX_USES_ONLY_SDK_JSON_OF_THE_PRODUCT.check(PRODUCT);
    }

    @Test
    void decisionsHoldNoSdkClient() {
        DECISIONS_HOLD_NO_SDK_CLIENT.check(PRODUCT);
    }

    @Test
    void stepsKeepNoResultsInFields() {
        STEPS_KEEP_NO_RESULTS_IN_FIELDS.check(PRODUCT);
    }

    @Test
    void theNamedDecisionsAreMarked() {
        JavaClasses product = PRODUCT;
        List<String> named = List.of("deploy.StrategyResolver", "deploy.StrategySettings", "deploy.StrategyTimings",
                "deploy.UpdateServiceRequests", "deploy.ServiceDeploymentVerdicts", "deploy.StoppedTaskCauses",
                "deploy.FailureEvents", "deploy.codedeploy.AppSpecs", "deploy.codedeploy.CodeDeployVerdicts",
                "deploy.codedeploy.CodeDeployTimings", "version.VersionResolver", "trigger.TriggerGate",
                "taskdef.TaskDefinitionDiff", "taskdef.RevisionCleanup", "notify.DeploymentMessages",
                "notify.RetryPolicy", "notify.StageResults", "image.ImageTags", "image.BuildCommand",
                "image.BuildFailure", "image.PushResults", "image.RegistryChoice", "util.Backoff",
                "deploy.RolloutEnding", "deploy.FailureDiagnosis", "deploy.Durations", "deploy.StatusOutputs");
        List<String> unmarked = named.stream().map(name -> product.get("dev.ecsdeploy." + name))
                .filter(javaClass -> !javaClass.isAnnotatedWith(Decision.class)).map(JavaClass::getSimpleName)
                .toList();
        assertEquals(List.of(), unmarked, "named as decisions in docs/architecture.md but not marked @Decision");
    }
}
