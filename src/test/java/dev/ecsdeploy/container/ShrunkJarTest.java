package dev.ecsdeploy.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.sandbox.Sandbox;
import dev.ecsdeploy.sandbox.SandboxOptions;
import dev.ecsdeploy.testing.RunnerContainer;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's jar is ProGuard's output (src/build/proguard.pro): a class that only a name reaches is there only if a
 * rule keeps it, and nothing else would notice it missing before a user's run took that path. These run the image's
 * own JVM and jar with {@link ByNameProbe} mounted beside it.
 */
class ShrunkJarTest {
    /** A rule that keeps one class by its full name (not a pattern): what some library loads by that name. */
    private static final Pattern KEPT_BY_NAME =
            Pattern.compile("^-keep(?:names)? class ([\\w.$]+)(?=\\s|$)", Pattern.MULTILINE);

    @TempDir
    Path dir;

    @BeforeAll
    static void image() {
        RunnerContainer.requireImage();
    }

    @Test
    void everyClassTheRulesNameLoadsInTheImage() throws IOException {
        List<String> names = new ArrayList<>();
        Matcher matcher = KEPT_BY_NAME.matcher(Files.readString(Path.of("src/build/proguard.pro")));
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        String webIdentity = "software.amazon.awssdk.services.sts.internal.StsWebIdentityCredentialsProviderFactory";
        assertTrue(names.contains(webIdentity), names::toString);
        List<String> command = new ArrayList<>(List.of("load"));
        command.addAll(names);
        RunnerContainer.Exec probe = probe(List.of(), command);
        assertEquals(0, probe.exitCode(), probe.output());
        for (String name : names) {
            assertTrue(probe.output().contains("loaded " + name + "\n"), probe.output());
        }
    }

    /**
     * The SDK loads its STS credential factories by name: a web identity token (GitHub OIDC) and a profile with
     * role_arn each reach STS. The sandbox answers neither call, so its refusal is the proof the factory ran; without
     * the class the SDK would say the sts module is not on the class path.
     */
    @Test
    void theCredentialChainReachesStsForWebIdentityAndRoleProfiles() throws IOException {
        Files.writeString(dir.resolve("token"), "oidc-token");
        Path aws = Files.createDirectories(dir.resolve("home/.aws"));
        Files.writeString(aws.resolve("config"), """
                [default]
                aws_access_key_id = AKIAPROFILE000000000
                aws_secret_access_key = profile
                [profile deploy]
                role_arn = arn:aws:iam::123456789012:role/deploy
                source_profile = default
                """);
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults())) {
            List<String> common = List.of("--network", "host", "-v", dir + ":/job:ro", "-e", "HOME=/nonexistent",
                    "-e", "AWS_REGION=us-east-1", "-e", "AWS_ENDPOINT_URL=" + sandbox.endpoint());
            List<String> webIdentity = new ArrayList<>(common);
            webIdentity.addAll(List.of("-e", "AWS_WEB_IDENTITY_TOKEN_FILE=/job/token",
                    "-e", "AWS_ROLE_ARN=arn:aws:iam::123456789012:role/deploy", "-e", "AWS_ROLE_SESSION_NAME=ci"));
            RunnerContainer.Exec web = probe(webIdentity, List.of("credentials"));
            assertTrue(web.output().contains("The sandbox does not implement AssumeRoleWithWebIdentity"), web.output());
            assertFalse(web.output().contains("class path"), web.output());

            List<String> profile = new ArrayList<>(common);
            profile.addAll(List.of("-e", "HOME=/job/home", "-e", "AWS_PROFILE=deploy"));
            RunnerContainer.Exec role = probe(profile, List.of("credentials"));
            assertTrue(role.output().contains("The sandbox does not implement AssumeRole."), role.output());
            assertFalse(role.output().contains("class path"), role.output());
        }
    }

    /**
     * The image's runtime leaves out the HTTP modules only the sandbox and the demo use: each says so as an error and
     * exits 2, rather than failing on a missing class.
     */
    @Test
    void theSandboxAndTheDemoPointToTheJarInsteadOfFailingOnAMissingModule() {
        for (String command : List.of("sandbox", "demo")) {
            RunnerContainer.Exec run = RunnerContainer.exec(List.of(RunnerContainer.DOCKER, "run", "--rm",
                    RunnerContainer.IMAGE, command), 60);
            assertEquals(2, run.exitCode(), run.output());
            assertTrue(run.output().contains("The " + command + " is not in the action's image")
                    && run.output().contains("java -jar ecs-deploy-action.jar " + command), run.output());
            assertTrue(!run.output().contains("Exception") && !run.output().contains("\tat "), run.output());
        }
    }

    private static RunnerContainer.Exec probe(List<String> dockerOptions, List<String> args) {
        List<String> command = new ArrayList<>(List.of(RunnerContainer.DOCKER, "run", "--rm"));
        command.addAll(dockerOptions);
        command.addAll(List.of("-v", testClasses() + ":/probe:ro", "--entrypoint", "/opt/java/bin/java",
                RunnerContainer.IMAGE, "-cp", "/opt/ecs-deploy-action/ecs-deploy-action.jar:/probe",
                ByNameProbe.class.getName()));
        command.addAll(args);
        return RunnerContainer.exec(command, 120);
    }

    private static Path testClasses() {
        try {
            return Path.of(ByNameProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
