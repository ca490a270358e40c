package dev.ecsdeploy.image.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.config.BadInputException;
import dev.ecsdeploy.testing.DockerEngine;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build context as the CLI sends it: read back entry by entry, then built by the real engine. */
class ContextArchiveTest {
    @TempDir
    Path temp;

    private static final String IGNORE = String.join("\n",
            "# what the image does not need",
            "*.env",
            "!keep.env",
            "node_modules",
            "docs",
            "!docs/keep.md",
            "Dockerfile",
            ".dockerignore",
            "");

    /** A context with one of everything: excluded files and directories, exceptions, modes, links. */
    private Path context() throws IOException {
        Path context = Files.createDirectories(temp.resolve("app"));
        write(context.resolve("Dockerfile"), "FROM scratch\nCOPY . /ctx\n", "rw-r--r--");
        write(context.resolve(".dockerignore"), IGNORE, "rw-r--r--");
        write(context.resolve("app.js"), "console.log('hi')\n", "rw-r--r--");
        write(context.resolve("run.sh"), "#!/bin/sh\necho run\n", "rwxr-x---");
        write(context.resolve("secret.env"), "TOKEN=do-not-send\n", "rw-------");
        write(context.resolve("keep.env"), "MODE=kept\n", "rw-r--r--");
        write(context.resolve("node_modules/left/index.js"), "left out\n", "rw-r--r--");
        write(context.resolve("docs/a.md"), "left out\n", "rw-r--r--");
        write(context.resolve("docs/keep.md"), "kept\n", "rw-r--r--");
        write(context.resolve("src/lib/util.js"), "export {}\n", "rw-r--r--");
        Files.createSymbolicLink(context.resolve("current.js"), Path.of("app.js"));
        Files.createSymbolicLink(context.resolve("outside"), Path.of("/etc/hostname")); // a link, never followed
        Files.createLink(context.resolve("src/also-util.js"), context.resolve("src/lib/util.js"));
        Files.setLastModifiedTime(context.resolve("app.js"), FileTime.from(Instant.parse("2024-05-06T07:08:09.5Z")));
        return context;
    }

    @Test
    void everyFileThePatternsKeepGoesInSortedWithModesLinksAndNoOwner() throws IOException {
        Path context = context();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String dockerfile = ContextArchive.write(context, context.resolve("Dockerfile"), out);

        assertEquals("Dockerfile", dockerfile);
        Map<String, TarArchiveEntry> entries = read(out.toByteArray());
        assertEquals(List.of("Dockerfile", "app.js", "current.js", "docs/keep.md", "keep.env", "outside", "run.sh",
                "src/", "src/also-util.js", "src/lib/", "src/lib/util.js"), List.copyOf(entries.keySet()),
                "excluded files and directories left out (.dockerignore too), exceptions and the Dockerfile in, sorted");
        assertEquals(0100750, entries.get("run.sh").getMode(), "the executable bits kept");
        assertEquals(0100644, entries.get("app.js").getMode());
        assertTrue(entries.get("src/").isDirectory());
        assertTrue(entries.get("current.js").isSymbolicLink());
        assertEquals("app.js", entries.get("current.js").getLinkName());
        assertEquals("/etc/hostname", entries.get("outside").getLinkName());
        assertTrue(entries.get("src/lib/util.js").isLink() || entries.get("src/also-util.js").isLink(),
                "a file linked twice goes in once, then as a hard link");
        assertEquals(Instant.parse("2024-05-06T07:08:09Z"), entries.get("app.js").getModTime().toInstant());
        for (TarArchiveEntry entry : entries.values()) {
            assertEquals(0, entry.getLongUserId(), entry.getName());
            assertEquals(0, entry.getLongGroupId(), entry.getName());
            assertEquals("", entry.getUserName(), entry.getName());
        }
    }

    @Test
    void theArchiveIsTheSameEachTimeAndLeavesTheStreamOpen() throws IOException {
        Path context = context();
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        ContextArchive.write(context, context.resolve("Dockerfile"), first);
        ClosingWatch second = new ClosingWatch();
        ContextArchive.write(context, context.resolve("Dockerfile"), second);

        assertTrue(java.util.Arrays.equals(first.toByteArray(), second.bytes.toByteArray()));
        assertFalse(second.closed);
    }

    @Test
    void aDockerfileOutsideTheContextGoesInUnderANameFromItsContent() throws IOException {
        Path context = context();
        Path dockerfile = write(temp.resolve("ci/web.Dockerfile"), "FROM scratch\nCOPY . /ctx\n", "rw-r--r--");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        String name = ContextArchive.write(context, dockerfile, out);

        assertTrue(name.matches("\\.dockerfile\\.[0-9a-f]{20}"), name);
        Map<String, byte[]> contents = contents(out.toByteArray());
        assertEquals("FROM scratch\nCOPY . /ctx\n", text(contents.get(name)));
        assertEquals(name, ContextArchive.write(context, dockerfile, new ByteArrayOutputStream()), "the same name");
        assertFalse(contents.containsKey("Dockerfile"), "the context's own Dockerfile is not the one built: excluded");
        assertFalse(contents.containsKey(".dockerignore"));
        Files.writeString(dockerfile, "FROM scratch\n");
        assertFalse(name.equals(ContextArchive.write(context, dockerfile, new ByteArrayOutputStream())));
    }

    @Test
    void dockerignoreGoesInOnlyWhenItDoesNotExcludeItself() throws IOException {
        Path context = Files.createDirectories(temp.resolve("bare"));
        write(context.resolve("a.txt"), "a\n", "rw-r--r--");
        write(context.resolve(".dockerignore"), "*.log\n", "rw-r--r--");
        Path dockerfile = write(temp.resolve("Dockerfile.ci"), "FROM scratch\n", "rw-r--r--");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        String name = ContextArchive.write(context, dockerfile, out, content -> ".dockerfile.x");

        Map<String, byte[]> contents = contents(out.toByteArray());
        assertEquals(List.of(".dockerignore", "a.txt", ".dockerfile.x"), List.copyOf(contents.keySet()));
        assertEquals("*.log\n", text(contents.get(".dockerignore")), "as it is: the engine does not read it");
        assertEquals(".dockerfile.x", name);
    }

    @Test
    void aDockerfileInAnExcludedDirectoryStillGoesInAloneWithItsPath() throws IOException {
        Path context = Files.createDirectories(temp.resolve("nested"));
        write(context.resolve(".dockerignore"), "docker\n", "rw-r--r--");
        write(context.resolve("docker/Dockerfile"), "FROM scratch\n", "rw-r--r--");
        write(context.resolve("docker/notes.txt"), "left out\n", "rw-r--r--");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String name = ContextArchive.write(context, context.resolve("docker/Dockerfile"), out);

        assertEquals("docker/Dockerfile", name);
        assertEquals(List.of(".dockerignore", "docker/Dockerfile"), List.copyOf(read(out.toByteArray()).keySet()));
    }

    @Test
    void longAndNonAsciiNamesGoInWhole() throws IOException {
        Path context = Files.createDirectories(temp.resolve("names"));
        String deep = "a-directory-name-of-forty-characters-xx/".repeat(4) + "file-with-a-long-name.txt";
        write(context.resolve(deep), "deep\n", "rw-r--r--");
        write(context.resolve("café-ünïcode.txt"), "names\n", "rw-r--r--");
        write(context.resolve("Dockerfile"), "FROM scratch\n", "rw-r--r--");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ContextArchive.write(context, null, out);

        Map<String, byte[]> contents = contents(out.toByteArray());
        assertTrue(deep.length() > 100);
        assertEquals("deep\n", text(contents.get(deep)));
        assertEquals("names\n", text(contents.get("café-ünïcode.txt")));
    }

    @Test
    void aPatternDockerRefusesIsBadInputAtItsLine() throws IOException {
        Path context = Files.createDirectories(temp.resolve("bad"));
        write(context.resolve("Dockerfile"), "FROM scratch\n", "rw-r--r--");
        write(context.resolve(".dockerignore"), "# fine\n*.log\nsrc/[a-\n", "rw-r--r--");

        BadInputException bad = assertThrows(BadInputException.class, () -> ContextArchive.checkIgnoreFile(context));
        assertEquals(3, bad.where().line());
        assertEquals("build-context", bad.input());
        assertTrue(bad.getMessage().contains("src/[a-"), bad.getMessage());
        assertThrows(BadInputException.class,
                () -> ContextArchive.write(context, null, new ByteArrayOutputStream()));
    }

    // ---- the real engine builds from the archive

    @Test
    void theEngineBuildsFromTheArchiveWithExcludedFilesAbsentExceptionsPresentAndModesKept() throws Exception {
        DockerEngine.require();
        Path context = context();
        Path archive = temp.resolve("context.tar");
        String dockerfile;
        try (OutputStream out = Files.newOutputStream(archive)) {
            dockerfile = ContextArchive.write(context, context.resolve("Dockerfile"), out);
        }

        Map<String, TarArchiveEntry> ctx = buildAndExport(archive, dockerfile);

        assertTrue(ctx.containsKey("app.js") && ctx.containsKey("keep.env") && ctx.containsKey("docs/keep.md")
                && ctx.containsKey("src/lib/util.js"), ctx.keySet().toString());
        assertFalse(ctx.containsKey("secret.env") || ctx.containsKey("node_modules/") || ctx.containsKey("docs/a.md")
                || ctx.containsKey(".dockerignore"), ctx.keySet().toString());
        assertEquals(0750, ctx.get("run.sh").getMode() & 07777, "the executable bits reach the image");
        assertEquals("app.js", ctx.get("current.js").getLinkName(), "a symbolic link stays one");
        // The engine does not apply .dockerignore to an uploaded context: the Dockerfile, excluded, is copied too.
        assertTrue(ctx.containsKey("Dockerfile"), ctx.keySet().toString());
    }

    @Test
    void theEngineBuildsFromADockerfileOutsideTheContextAndItsCopyStepIsCachedNextTime() throws Exception {
        DockerEngine.require();
        Path context = Files.createDirectories(temp.resolve("plain"));
        write(context.resolve("index.html"), "<p>" + UUID.randomUUID() + "</p>\n", "rw-r--r--");
        Path dockerfile = write(temp.resolve("ci/site.Dockerfile"), "FROM scratch\nCOPY . /ctx\n", "rw-r--r--");
        Path archive = temp.resolve("outside.tar");
        String name;
        try (OutputStream out = Files.newOutputStream(archive)) {
            name = ContextArchive.write(context, dockerfile, out);
        }
        Map<String, TarArchiveEntry> ctx = buildAndExport(archive, name, log -> { });
        assertEquals(List.of(name, "index.html"), ctx.keySet().stream().sorted().toList());

        // Written again, the same archive: the COPY is cached (a random name, as the CLI's, would miss it each time).
        try (OutputStream out = Files.newOutputStream(archive)) {
            assertEquals(name, ContextArchive.write(context, dockerfile, out));
        }
        buildAndExport(archive, name, log -> assertTrue(log.matches("(?s).*#\\d+ \\[1/1] COPY \\. /ctx\n"
                + "#\\d+ sha256:[0-9a-f]{64}\n#\\d+ CACHED\n.*"), log));
    }

    /** {@code docker build -} with the archive as the context (the engine's remote-context upload), then /ctx. */
    private Map<String, TarArchiveEntry> buildAndExport(Path archive, String dockerfile) throws Exception {
        return buildAndExport(archive, dockerfile, log -> { });
    }

    private Map<String, TarArchiveEntry> buildAndExport(Path archive, String dockerfile,
                                                        java.util.function.Consumer<String> buildLog)
            throws Exception {
        String tag = "ecs-deploy-test/context-archive:" + UUID.randomUUID().toString().substring(0, 8);
        ProcessBuilder build = new ProcessBuilder(DockerEngine.CLI, "build", "--progress=plain", "-f", dockerfile,
                "-t", tag, "-").redirectInput(archive.toFile()).redirectErrorStream(true);
        build.environment().put("DOCKER_BUILDKIT", "1");
        Process process = build.start();
        String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), log);
        buildLog.accept(log);
        String container = DockerEngine.docker("create", tag, "none").output().strip();
        try {
            Process export = new ProcessBuilder(DockerEngine.CLI, "export", container).start();
            Map<String, TarArchiveEntry> ctx = new LinkedHashMap<>();
            try (TarArchiveInputStream tar = new TarArchiveInputStream(export.getInputStream())) {
                for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                    if (entry.getName().startsWith("ctx/") && entry.getName().length() > 4) {
                        ctx.put(entry.getName().substring(4), entry);
                    }
                }
            }
            assertEquals(0, export.waitFor());
            return ctx;
        } finally {
            DockerEngine.docker("rm", container);
            DockerEngine.docker("rmi", tag);
        }
    }

    // ---- helpers

    private static Path write(Path file, String text, String permissions) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    private static Map<String, TarArchiveEntry> read(byte[] archive) throws IOException {
        Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(archive))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                entries.put(entry.getName(), entry);
            }
        }
        return entries;
    }

    private static Map<String, byte[]> contents(byte[] archive) throws IOException {
        Map<String, byte[]> contents = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(archive))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                contents.put(entry.getName(), tar.readAllBytes());
            }
        }
        return contents;
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** An output stream that remembers being closed. */
    private static final class ClosingWatch extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean closed;

        @Override
        public void write(int b) {
            bytes.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
