package dev.ecsdeploy.image.engine;

import dev.ecsdeploy.config.BadInputException;
import dev.ecsdeploy.util.Annotation;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * A local build context as the Docker CLI sends it to the engine: a tar of every file under the context directory that
 * its {@code .dockerignore} does not exclude ({@link IgnorePatterns}).
 *
 * <p>As the CLI writes it: walked in sorted order, parents before children; regular files with their mode (the
 * executable bits), directories, symbolic links as links (never followed), a file linked twice as a hard link to its
 * first name; owner and group 0, mtimes to the second; PAX headers for long or non-ASCII names. Sockets, pipes and
 * devices are left out.
 *
 * <p>Where it differs from the CLI's tar, because the engine's BuildKit does not read {@code .dockerignore} from an
 * uploaded context (the classic builder did; ContextArchiveTest shows it on dockerd 20.10): what the archive holds is
 * what {@code COPY . .} copies. So {@code .dockerignore} goes in only when it does not exclude itself (the CLI always
 * sends it, for the classic builder to read). The Dockerfile always goes in, as the builder reads it from the
 * archive, even when excluded; a Dockerfile outside the context goes in as {@code .dockerfile.<20 hex>} named after
 * its content (the CLI's name is random, which would change the context, and so miss the cache of {@code COPY . .},
 * on every build). Both then reach a {@code COPY . .}, unlike a CLI build through a BuildKit session.
 */
public final class ContextArchive {
    private static final String IGNORE_FILE = ".dockerignore";
    private static final int TYPE_FILE = 0100000;
    private static final int TYPE_DIRECTORY = 0040000;
    private static final int TYPE_SYMLINK = 0120000;

    private ContextArchive() {
    }

    /**
     * Writes the context to {@code out} (not closed). The Dockerfile always goes in, even when {@code .dockerignore}
     * excludes it; a Dockerfile outside the context goes in under a generated name.
     *
     * @return the Dockerfile's path inside the archive: the build's {@code dockerfile} parameter
     * @throws BadInputException when {@code .dockerignore} holds a pattern the CLI refuses
     */
    public static String write(Path contextDirectory, Path dockerfile, OutputStream out) throws IOException {
        return write(contextDirectory, dockerfile, out, ContextArchive::generatedName);
    }

    /**
     * Checks the context's {@code .dockerignore} (while planning, before anything changes): a pattern the CLI refuses
     * is bad input, pointed at its line.
     */
    public static void checkIgnoreFile(Path contextDirectory) throws IOException {
        ignorePatterns(contextDirectory);
    }

    static String write(Path contextDirectory, Path dockerfile, OutputStream out,
                        Function<byte[], String> generatedName) throws IOException {
        Path root = contextDirectory.toRealPath();
        DockerfilePlace place = DockerfilePlace.of(root, dockerfile);
        Path dockerfileFile = place.file();
        String dockerfileName = place.relativeName();
        boolean outside = place.outside();
        IgnorePatterns patterns = ignorePatterns(root);
        // As the CLI's TrimBuildFilesFromExcludes: the builder reads the Dockerfile, so it goes in whatever the
        // patterns say (and, the exception being last, its directories are walked for it).
        if (!outside && patterns.excludes(dockerfileName)) {
            patterns = patterns.with("!" + dockerfileName);
        }
        byte[] outsideDockerfile = outside ? Files.readAllBytes(dockerfileFile) : null;
        String generated = outside ? generatedName.apply(outsideDockerfile) : null;

        TarArchiveOutputStream tar = new TarArchiveOutputStream(new KeepOpen(out), StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
        Walk walk = new Walk(tar, patterns);
        walk.directory(root, "");
        if (generated != null) {
            FileTime modified = Files.getLastModifiedTime(dockerfileFile);
            walk.addBytes(generated, outsideDockerfile, 0644, modified.toInstant());
        }
        tar.finish();
        tar.flush();
        return generated != null ? generated : dockerfileName;
    }

    private static IgnorePatterns ignorePatterns(Path contextDirectory) throws IOException {
        Path file = contextDirectory.resolve(IGNORE_FILE);
        if (!Files.isRegularFile(file)) {
            return IgnorePatterns.parse("");
        }
        try {
            return IgnorePatterns.parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        } catch (IgnorePatterns.BadPatternException e) {
            String shown = shown(file);
            throw new BadInputException("build-context", shown + " line " + e.line() + ": " + e.getMessage()
                    + ". Docker refuses the whole file; fix the pattern (a literal [, ], * or ? is escaped with \\)"
                    + " or remove the line.", new Annotation(shown, e.line(), "Invalid .dockerignore"));
        }
    }

    /** The file as the run names its inputs: relative to the working directory (the workspace) when under it. */
    private static String shown(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        Path here = Path.of("").toAbsolutePath();
        return absolute.startsWith(here) && !absolute.equals(here) ? slashes(here.relativize(absolute))
                : absolute.toString();
    }

    private static String slashes(Path relative) {
        return relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
    }

    /** {@code .dockerfile.} and 20 hex digits of the Dockerfile's SHA-256: the same name for the same Dockerfile. */
    static String generatedName(byte[] dockerfile) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(dockerfile);
            return ".dockerfile." + HexFormat.of().formatHex(digest, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The walk over the context, writing what the patterns keep. */
    private static final class Walk {
        private final TarArchiveOutputStream tar;
        private final IgnorePatterns patterns;
        /** device:inode of each file with more than one link, to the name it went in under. */
        private final Map<String, String> linked = new HashMap<>();

        Walk(TarArchiveOutputStream tar, IgnorePatterns patterns) {
            this.tar = tar;
            this.patterns = patterns;
        }

        void directory(Path directory, String name) throws IOException {
            List<Path> children;
            try (Stream<Path> listed = Files.list(directory)) {
                children = listed.sorted((a, b) -> Arrays.compareUnsigned(utf8(a), utf8(b))).toList();
            }
            for (Path child : children) {
                String childName = (name.isEmpty() ? "" : name + "/") + child.getFileName();
                FileFacts facts = FileFacts.of(child);
                if (patterns.excludes(childName)) {
                    // An excluded directory is still walked when an exception may re-include something in it.
                    if (facts.directory() && patterns.hasExceptions() && patterns.mayIncludeUnder(childName)) {
                        directory(child, childName);
                    }
                    continue;
                }
                if (facts.directory()) {
                    TarArchiveEntry entry = entry(childName + "/", TarConstants.LF_DIR, TYPE_DIRECTORY, facts);
                    tar.putArchiveEntry(entry);
                    tar.closeArchiveEntry();
                    directory(child, childName);
                } else if (facts.symlink()) {
                    TarArchiveEntry entry = entry(childName, TarConstants.LF_SYMLINK, TYPE_SYMLINK, facts);
                    entry.setLinkName(slashes(Files.readSymbolicLink(child)));
                    tar.putArchiveEntry(entry);
                    tar.closeArchiveEntry();
                } else if (facts.regular()) {
                    file(child, childName, facts);
                }
            }
        }

        private void file(Path file, String name, FileFacts facts) throws IOException {
            if (facts.links() > 1 && facts.inode() != null) {
                String first = linked.putIfAbsent(facts.inode(), name);
                if (first != null) {
                    TarArchiveEntry entry = entry(name, TarConstants.LF_LINK, TYPE_FILE, facts);
                    entry.setLinkName(first);
                    tar.putArchiveEntry(entry);
                    tar.closeArchiveEntry();
                    return;
                }
            }
            TarArchiveEntry entry = entry(name, TarConstants.LF_NORMAL, TYPE_FILE, facts);
            entry.setSize(facts.size());
            tar.putArchiveEntry(entry);
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                long copied = in.transferTo(tar);
                if (copied != facts.size()) {
                    throw new IOException(file + " changed size while the build context was written");
                }
            }
            tar.closeArchiveEntry();
        }

        void addBytes(String name, byte[] content, int permissions, Instant modified) throws IOException {
            TarArchiveEntry entry = entry(name, TarConstants.LF_NORMAL, TYPE_FILE | permissions, modified);
            entry.setSize(content.length);
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
        }

        private static TarArchiveEntry entry(String name, byte linkFlag, int type, FileFacts facts) {
            return entry(name, linkFlag, type | facts.permissions(), facts.modified());
        }

        /** Owned by 0:0 with no names (the library would put in this process's user name), mtime to the second. */
        private static TarArchiveEntry entry(String name, byte linkFlag, int mode, Instant modified) {
            TarArchiveEntry entry = new TarArchiveEntry(name, linkFlag);
            entry.setMode(mode);
            entry.setIds(0, 0);
            entry.setUserName("");
            entry.setGroupName("");
            entry.setModTime(FileTime.from(modified.getEpochSecond(), TimeUnit.SECONDS));
            return entry;
        }

        private static byte[] utf8(Path path) {
            return path.getFileName().toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    /** What the archive needs of one directory entry, read without following links. */
    private record FileFacts(boolean directory, boolean symlink, boolean regular, int permissions, long size,
                             Instant modified, int links, String inode) {
        static FileFacts of(Path path) throws IOException {
            try {
                Map<String, Object> unix = Files.readAttributes(path, "unix:mode,nlink,dev,ino,size,lastModifiedTime,"
                        + "isDirectory,isSymbolicLink,isRegularFile", LinkOption.NOFOLLOW_LINKS);
                return new FileFacts((Boolean) unix.get("isDirectory"), (Boolean) unix.get("isSymbolicLink"),
                        (Boolean) unix.get("isRegularFile"), (Integer) unix.get("mode") & 07777,
                        (Long) unix.get("size"), ((FileTime) unix.get("lastModifiedTime")).toInstant(),
                        (Integer) unix.get("nlink"), unix.get("dev") + ":" + unix.get("ino"));
            } catch (UnsupportedOperationException | IllegalArgumentException notUnix) {
                PosixFileAttributes posix = Files.readAttributes(path, PosixFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                int mode = 0;
                for (PosixFilePermission permission : posix.permissions()) {
                    mode |= 0400 >> permission.ordinal();
                }
                return new FileFacts(posix.isDirectory(), posix.isSymbolicLink(), posix.isRegularFile(), mode,
                        posix.size(), posix.lastModifiedTime().toInstant(), 1, null);
            }
        }
    }

    /** The caller's stream, which finishing the archive must not close. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    /**
     * The Dockerfile's path inside the archive {@link #write} makes, known before it is written: the build request's
     * query names it, and the query goes out before the body. The same rule as {@link #write}: inside the context its
     * path relative to the context's real path, with '/'; outside, {@link #generatedName} of its content (one
     * {@code DockerfilePlace} decides for both); {@code ApiImageEngine} checks that {@link #write} returns the same.
     */
    public static String dockerfileName(Path contextDirectory, Path dockerfile) throws IOException {
        DockerfilePlace place = DockerfilePlace.of(contextDirectory.toRealPath(), dockerfile);
        return place.outside() ? generatedName(Files.readAllBytes(place.file())) : place.relativeName();
    }

    /** Where the Dockerfile is: its real path, its path relative to the context's, and whether that is outside it. */
    private record DockerfilePlace(Path file, String relativeName, boolean outside) {
        static DockerfilePlace of(Path root, Path dockerfile) throws IOException {
            Path file = (dockerfile == null ? root.resolve("Dockerfile") : dockerfile).toRealPath();
            String name = slashes(root.relativize(file));
            boolean outside = name.equals("..") || name.startsWith("../") || !file.startsWith(root);
            return new DockerfilePlace(file, name, outside);
        }
    }
}
