package dev.ecsdeploy.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * The real Docker engine and loopback registry the image tests use ({@code scripts/start-docker} starts both). Tests
 * skip with the reason when they are absent, unless {@code ECS_DEPLOY_REQUIRE_DOCKER=1} (CI), where absence fails.
 */
public final class DockerEngine {
    /** Debian's 20.10 CLI: BuildKit built in, no buildx plugin needed (a newer CLI on the PATH may lack it). */
    public static final String CLI = System.getenv().getOrDefault("ECS_DEPLOY_DOCKER", "/usr/bin/docker");
    public static final String REGISTRY = "127.0.0.1:5000";
    /** The local base image the fixtures build FROM, since nothing can be pulled. */
    public static final String BASE_IMAGE = "ecs-deploy-test/busybox:1";
    private static final String BUSYBOX = "/usr/bin/busybox";

    private DockerEngine() {
    }

    /** Skips (or, under CI, fails) the calling test unless the engine and the registry answer. */
    public static void require() {
        String problem = problem();
        if (problem == null) {
            return;
        }
        String reason = problem + " (run scripts/start-docker)";
        if ("1".equals(System.getenv("ECS_DEPLOY_REQUIRE_DOCKER"))) {
            fail("ECS_DEPLOY_REQUIRE_DOCKER=1 but " + reason);
        }
        Assumptions.abort("Docker test skipped: " + reason);
    }

    private static String problem() {
        if (!Files.isExecutable(Path.of(CLI))) {
            return "no Docker CLI at " + CLI;
        }
        Exec info = exec(List.of(CLI, "info", "--format", "{{.ServerVersion}}"), null);
        if (info.exitCode() != 0) {
            return "the Docker engine does not answer: " + info.output().strip();
        }
        try {
            HttpResponse<Void> ping = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://" + REGISTRY + "/v2/")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return ping.statusCode() == 200 ? null : "the registry " + REGISTRY + " answers " + ping.statusCode();
        } catch (IOException e) {
            return "no registry on " + REGISTRY + ": " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Makes {@link #BASE_IMAGE} (static busybox and a few applet links, imported as one layer) once. */
    public static synchronized void busyboxBase() {
        if (exec(List.of(CLI, "image", "inspect", BASE_IMAGE), null).exitCode() == 0) {
            return;
        }
        try {
            Path root = Files.createTempDirectory("busybox-base");
            Path bin = Files.createDirectories(root.resolve("bin"));
            Files.copy(Path.of(BUSYBOX), bin.resolve("busybox"));
            bin.resolve("busybox").toFile().setExecutable(true);
            for (String applet : List.of("sh", "cat", "echo", "test", "ls", "true", "false")) {
                Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
            }
            Path tar = root.resolveSibling(root.getFileName() + ".tar");
            Exec packed = exec(List.of("tar", "-C", root.toString(), "-cf", tar.toString(), "bin"), null);
            if (packed.exitCode() != 0) {
                fail("tar: " + packed.output());
            }
            Exec imported = exec(List.of(CLI, "import", "--platform", "linux/amd64", tar.toString(), BASE_IMAGE),
                    null);
            if (imported.exitCode() != 0) {
                fail("docker import: " + imported.output());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The digest the registry serves for a tag (Docker-Content-Digest of a manifest HEAD), or null. */
    public static String registryDigest(String repository, String tag) {
        HttpResponse<Void> response = registry(HttpRequest.newBuilder(URI.create("http://" + REGISTRY + "/v2/"
                        + repository + "/manifests/" + tag))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Accept", "application/vnd.docker.distribution.manifest.v2+json, "
                        + "application/vnd.oci.image.manifest.v1+json"), HttpResponse.BodyHandlers.discarding());
        return response.statusCode() == 200
                ? response.headers().firstValue("Docker-Content-Digest").orElse(null) : null;
    }

    /** The image config blob the registry serves for a tag (where BuildKit puts inline cache metadata), or "". */
    public static String registryImageConfig(String repository, String tag) {
        HttpResponse<String> manifest = registry(HttpRequest.newBuilder(URI.create("http://" + REGISTRY + "/v2/"
                        + repository + "/manifests/" + tag))
                .header("Accept", "application/vnd.docker.distribution.manifest.v2+json, "
                        + "application/vnd.oci.image.manifest.v1+json"), HttpResponse.BodyHandlers.ofString());
        var digest = java.util.regex.Pattern.compile("\"config\"\\s*:\\s*\\{[^}]*\"digest\"\\s*:\\s*\"([^\"]+)\"")
                .matcher(manifest.body());
        if (manifest.statusCode() != 200 || !digest.find()) {
            return "";
        }
        return registry(HttpRequest.newBuilder(URI.create("http://" + REGISTRY + "/v2/" + repository + "/blobs/"
                + digest.group(1))), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The registry's tag list for a repository (empty when it has none). */
    public static List<String> registryTags(String repository) {
        HttpResponse<String> response = registry(HttpRequest.newBuilder(URI.create("http://" + REGISTRY + "/v2/"
                + repository + "/tags/list")), HttpResponse.BodyHandlers.ofString());
        List<String> tags = new ArrayList<>();
        if (response.statusCode() != 200) {
            return tags;
        }
        var matcher = java.util.regex.Pattern.compile("\"tags\":\\s*\\[([^]]*)]").matcher(response.body());
        if (matcher.find()) {
            for (String tag : matcher.group(1).split(",")) {
                String trimmed = tag.trim().replace("\"", "");
                if (!trimmed.isEmpty()) {
                    tags.add(trimmed);
                }
            }
        }
        return tags;
    }

    private static <T> HttpResponse<T> registry(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
        try {
            return HttpClient.newHttpClient().send(request.timeout(Duration.ofSeconds(10)).build(), handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Removes the local tags the tests made for these registry repositories (the registry keeps its copy). */
    public static void removeLocalImages(List<String> repositories) {
        Exec listed = docker("images", "--format", "{{.Repository}}:{{.Tag}}");
        List<String> references = listed.output().lines()
                .filter(reference -> repositories.stream().anyMatch(repository -> reference.startsWith(
                        REGISTRY + "/" + repository + ":")))
                .toList();
        if (!references.isEmpty()) {
            List<String> args = new ArrayList<>(List.of("rmi", "--force"));
            args.addAll(references);
            docker(args.toArray(String[]::new));
        }
    }

    /**
     * Empties the engine's build cache of what one test built, as {@code docker builder prune -af} would on an engine of
     * its own: every cache record whose description (the instruction as written in the Dockerfile) contains
     * {@code key}, a value unique to the test, and every record built on them, leaves first. The engine is shared, so
     * the rest of its cache is kept. Fails unless records were found and all of them are gone; returns how many.
     */
    public static int pruneBuildCache(String key) {
        int found = buildCacheRecords(key).size();
        if (found == 0) {
            fail("no build cache record mentions " + key + ": nothing to prune");
        }
        for (int pass = 0; pass < 10 && !buildCacheRecords(key).isEmpty(); pass++) {
            for (String id : buildCacheRecords(key)) {
                docker("builder", "prune", "--all", "--force", "--filter", "id=" + id);
            }
        }
        List<String> left = buildCacheRecords(key);
        if (!left.isEmpty()) {
            fail("build cache records of " + key + " could not be pruned: " + left);
        }
        return found;
    }

    /** The build cache records descending from (or being) one whose description contains {@code key}, leaves first. */
    private static List<String> buildCacheRecords(String key) {
        Exec listed = docker("system", "df", "--verbose", "--format", "{{json .BuildCache}}");
        if (listed.exitCode() != 0) {
            fail("docker system df: " + listed.output());
        }
        try {
            var records = new com.fasterxml.jackson.databind.ObjectMapper().readTree(listed.output());
            java.util.Map<String, String> parents = new java.util.LinkedHashMap<>();
            java.util.Set<String> mine = new java.util.LinkedHashSet<>();
            for (var record : records) {
                parents.put(record.path("ID").asText(), record.path("Parent").asText());
                if (record.path("Description").asText().contains(key)) {
                    mine.add(record.path("ID").asText());
                }
            }
            boolean grew = true;
            while (grew) {
                grew = false;
                for (var entry : parents.entrySet()) {
                    if (mine.contains(entry.getValue()) && mine.add(entry.getKey())) {
                        grew = true;
                    }
                }
            }
            List<String> leavesFirst = new ArrayList<>(mine);
            java.util.Collections.reverse(leavesFirst);
            return leavesFirst;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a command printed (stdout and stderr together) and its exit code. */
    public record Exec(int exitCode, String output) {
    }

    public static Exec docker(String... args) {
        List<String> command = new ArrayList<>(List.of(CLI));
        command.addAll(List.of(args));
        return exec(command, null);
    }

    public static Exec exec(List<String> command, String stdin) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (InputStream stream = process.getInputStream()) {
                stream.transferTo(out);
            }
            return new Exec(process.waitFor(), out.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Exec(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Exec(-1, "interrupted");
        }
    }
}
