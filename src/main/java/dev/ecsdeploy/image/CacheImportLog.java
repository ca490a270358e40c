package dev.ecsdeploy.image;

import dev.ecsdeploy.util.Decision;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a plain-progress build log, line by line as it streams, for caches BuildKit could not read. BuildKit does not
 * fail the build for them: it prints {@code #8 importing cache manifest from REF} and then {@code #8 ERROR: why}
 * (no such tag, registry unreachable, refused), and builds without them.
 */
@Decision
public final class CacheImportLog implements Consumer<String> {
    private static final Pattern IMPORTING = Pattern.compile("^#(\\d+) importing cache manifest from (\\S+)\\s*$");
    private static final Pattern ERROR = Pattern.compile("^#(\\d+) ERROR: (.*)$");

    private final Map<String, String> sourceByVertex = new LinkedHashMap<>();
    private final Map<String, String> unreadable = new LinkedHashMap<>();

    @Override
    public void accept(String line) {
        Matcher importing = IMPORTING.matcher(line);
        if (importing.matches()) {
            sourceByVertex.put(importing.group(1), importing.group(2));
            return;
        }
        Matcher error = ERROR.matcher(line);
        if (error.matches() && sourceByVertex.containsKey(error.group(1))) {
            unreadable.put(sourceByVertex.get(error.group(1)), error.group(2).trim());
        }
    }

    /** Each cache source that could not be read, with BuildKit's reason, in the order they were tried. */
    public Map<String, String> unreadable() {
        return Collections.unmodifiableMap(unreadable);
    }

    /** The notice for one unreadable source: never a failure, the build simply started without it. */
    public static String notice(String source, String reason) {
        return "No layers reused from " + source + " (" + reason + "): "
                + (reason.contains("not found") ? "no such image yet, as on a repository's first run" : "the cache"
                + " could not be read") + "; the build went on without it.";
    }
}
